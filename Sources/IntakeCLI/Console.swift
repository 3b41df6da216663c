import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// Where commands print: stdout for results, stderr for errors and logs.
public struct Console: Sendable {
    private let out: @Sendable (String) -> Void
    private let err: @Sendable (String) -> Void

    /// The process's stdout and stderr.
    public static let standard = Console(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) })

    /// A console writing to the given functions (tests).
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// Prints a line to stdout.
    public func print(_ line: String) { out(line + "\n") }
    /// Prints a line to stderr.
    public func error(_ line: String) { err(line + "\n") }
    /// Writes text to stdout as is.
    public func write(_ text: String) { out(text) }
}
