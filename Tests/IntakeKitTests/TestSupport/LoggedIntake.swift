import Foundation

/// An `intake` command started with stdout and stderr to a log file (a file,
/// so a chatty daemon never blocks on a full pipe nobody reads), and with
/// extra environment variables when a test needs them.
struct LoggedIntake {
    let process: Foundation.Process
    let log: String

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Starts `intake ARGUMENTS` logging to `log` (created or emptied), with
    /// this process's environment plus `environment`.
    static func start(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> LoggedIntake {
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
    static func run(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> LoggedIntake {
        let started = try start(arguments, log: log, environment: environment)
        started.process.waitUntilExit()
        return started
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What it logged so far.
    func logText() -> String {
        (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }
}
