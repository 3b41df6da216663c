import Foundation

/// Runs the built `intake` executable, as a user would.
package enum IntakeBinary {
    package struct Output {
        package let status: Int32
        package let stdout: String
        package let stderr: String
    }

    /// The `intake` executable next to the test bundle (`.build/debug/intake`).
    package static var path: String {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("intake").path,
            Bundle.main.bundleURL.appendingPathComponent("intake").path,
            Repository.root.appendingPathComponent(".build/debug/intake").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }

    /// Runs `intake` with `arguments` and waits for it; `environment` changes
    /// the test process's environment for it (a nil value removes a variable).
    package static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> Output {
        let process = try start(arguments, environment: environment)
        let out = process.stdout.fileHandleForReading.readDataToEndOfFile()
        let err = process.stderr.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Output(status: process.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    package struct Running {
        package let process: Process
        package let stdout: Pipe
        package let stderr: Pipe
    }

    /// Starts `intake` without waiting.
    package static func start(_ arguments: [String], environment: [String: String?] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value }
            process.environment = merged
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Running(process: process, stdout: out, stderr: err)
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
package func eventually(within seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// Runs `bash ARGUMENTS` in a mount namespace of its own (as root, or mapped
/// to root in a user namespace), so a test can mount a tmpfs or a read-only
/// bind without touching the machine; returns the exit status and all output.
package func inMountNamespace(_ bashArguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = (getuid() == 0 ? ["--mount"] : ["--mount", "--map-root-user"]) + ["bash"] + bashArguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}
