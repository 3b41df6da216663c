import IntakeKit

/// Writes a test's file with `O_CLOEXEC`. Foundation's `Data.write(to:)` opens
/// without it, so a child that another test starts at that moment (the suite
/// runs tests in parallel, many of them starting `intake`, `sshd` or
/// `postgres`) inherits the open file for as long as it lives; a drop held
/// open like that is, to Intake's lease test, still being written, and waits
/// (seen as a job that never came in a loaded CI run).
package enum ClosedOnExec {
    /// Creates or truncates `path` and writes `bytes` to it.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try FileDescriptor.openForWriting(path, mode: 0o644)
        try file.write(bytes)
    }
}
