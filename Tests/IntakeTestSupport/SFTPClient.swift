import Foundation

/// One OpenSSH `sftp` client process running a batch of commands against an
/// ``SFTPServer`` (`sftp -b -`, the batch on its stdin). A test may stop,
/// continue or kill it; the server kills any still running when it stops.
package final class SFTPClient {
    package struct Output {
        package let status: Int32
        /// stdout and stderr together (batch mode echoes each command as `sftp> …`).
        package let text: String
    }

    package let process: Process
    package let outputPath: String
    package var pid: pid_t { process.processIdentifier }

    package init(process: Process, outputPath: String) {
        self.process = process
        self.outputPath = outputPath
    }

    /// Sends `signal` (SIGSTOP, SIGCONT, SIGKILL, …) to the sftp process itself.
    package func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the client to end (killing it after `seconds`) and returns its status and output.
    package func finish(within seconds: Double = 120) -> Output {
        if !eventually(within: seconds, { !process.isRunning }) { kill(pid, SIGKILL) }
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Output(status: process.terminationStatus, text: text)
    }
}

extension SFTPServer {
    /// The client's options: this server, the test key, no host key checks, no prompts.
    package func clientArguments(_ extraOptions: [String]) -> [String] {
        extraOptions + ["-b", "-", "-P", String(port), "-i", clientKey,
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                        SFTPServer.user + "@127.0.0.1"]
    }

    /// Starts `sftp EXTRA_OPTIONS -b - …` with `commands` as its batch, without waiting.
    package func start(_ commands: [String], extraOptions: [String] = []) throws -> SFTPClient {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sftp")
        process.arguments = clientArguments(extraOptions)
        let outputPath = nextClientOutput()
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        let client = SFTPClient(process: process, outputPath: outputPath)
        clients.append(client)
        input.fileHandleForWriting.write(Data(commands.map { $0 + "\n" }.joined().utf8))
        try input.fileHandleForWriting.close()
        return client
    }

    /// Runs a batch and waits for it.
    package func batch(_ commands: [String], extraOptions: [String] = []) throws -> SFTPClient.Output {
        try start(commands, extraOptions: extraOptions).finish()
    }

    /// `put LOCAL REMOTE` (remote paths are inside the chroot: `/inbox/payments/x.csv`).
    package func put(_ localPath: String, _ remotePath: String, extraOptions: [String] = []) throws -> SFTPClient.Output {
        try batch(["put \(quoted(localPath)) \(quoted(remotePath))"], extraOptions: extraOptions)
    }

    /// The names in a remote folder as the customer sees them (`ls -1`).
    package func list(_ remoteFolder: String) throws -> [String] {
        let output = try batch(["ls -1 \(quoted(remoteFolder))"])
        guard output.status == 0 else { throw Failure(description: "ls \(remoteFolder) failed: \(output.text)") }
        return output.text.split(separator: "\n").filter { !$0.hasPrefix("sftp>") }
            .map { String($0.split(separator: "/").last ?? $0).trimmingCharacters(in: .whitespaces) }
    }

    /// A path quoted for sftp's command line.
    package func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
