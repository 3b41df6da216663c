import Foundation

/// An `intake` command started with stdout and stderr to a log file (a file,
/// so a chatty daemon never blocks on a full pipe nobody reads), and with
/// extra environment variables when a test needs them.
package struct LoggedIntake {
    package let process: Foundation.Process
    package let log: String

    package var pid: pid_t { process.processIdentifier }
    package var isRunning: Bool { process.isRunning }

    /// Starts `intake ARGUMENTS` logging to `log` (created or emptied), with
    /// this process's environment plus `environment`.
    package static func start(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> LoggedIntake {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: IntakeBinary.path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        return LoggedIntake(process: process, log: log)
    }

    /// Runs `intake ARGUMENTS` to its end; returns it, ended.
    package static func run(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> LoggedIntake {
        let started = try start(arguments, log: log, environment: environment)
        started.process.waitUntilExit()
        return started
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    package func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What it logged so far.
    package func logText() -> String {
        (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }
}
