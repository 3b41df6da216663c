import IntakeCore
import IntakeEngine
import IntakeSystem

/// The exit codes of spec section 7 (sysexits).
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case noInput = 66
    case cannotCreate = 73
    case ioError = 74
    case busy = 75
    case noPermission = 77
}

/// An error a command reports on stderr as one line, with its exit code.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The exit code.
    public let exit: ExitCode
    /// What went wrong and what to do.
    public let message: String

    /// An error with its exit code and message.
    public init(_ exit: ExitCode, _ message: String) {
        self.exit = exit
        self.message = message
    }

    public var description: String { message }
}
