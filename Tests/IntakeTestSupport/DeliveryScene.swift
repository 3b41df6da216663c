import Foundation
import IntakeFixtures
import IntakeKit
import Testing

/// A customer delivering to the real `intake watch`: a temporary root with
/// workspace `acme` at the DEFAULT settle window, the daemon, and (unless
/// `sftp` is false) an ``SFTPServer`` for the customer. ``close()`` stops both.
package final class DeliveryScene {
    package static let workspace = "acme"
    package let root: TemporaryRoot
    package let settleSeconds: Double
    package let daemon: Process
    package var daemonLogPath: String { root.path + "/daemon.log" }
    package private(set) var server: SFTPServer?
    private let started = Date()
    private var closed = false

    /// `customerGroup`: the customer's group is the workspace's
    /// `customer_group` and `intake init` lays out its folders (the README's
    /// recipe); `others`: more workspaces, without SFTP; `settleSeconds`: a
    /// settle window other than the default.
    package init(sftp: Bool = true, customerGroup: Bool = false, others: [String] = [], settleSeconds settle: Double? = nil) throws {
        root = try TemporaryRoot()
        var configuration = Configuration()  // the defaults: settle_seconds 2
        if let settle { configuration.settleSeconds = settle }
        configuration.rescanSeconds = 300  // what happens must come from inotify and the settle window, not a rescan
        configuration.shutdownSeconds = 10
        configuration.workspaces[DeliveryScene.workspace] = .init(permissions: ["payment_checks_write"])
        for other in others { configuration.workspaces[other] = .init(permissions: Set(ImportType.allPermissions)) }
        if customerGroup {
            configuration.workspaces[DeliveryScene.workspace]?.customerGroup = UInt32(try SFTPServer.ensureUser().1)
        } else {
            configuration.workspaces[DeliveryScene.workspace]?.permissions = Set(ImportType.allPermissions)
        }
        settleSeconds = configuration.settleSeconds
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let inbox = root.root.inbox + "/" + DeliveryScene.workspace
        if customerGroup {
            let laidOut = try IntakeBinary.run(["init", root.path])
            guard laidOut.status == 0 else { throw SFTPServer.Failure(description: "intake init: \(laidOut.stderr)") }
        }
        if sftp {
            server = try SFTPServer(root: root.path, workspace: DeliveryScene.workspace, types: ["payments"], prepare: !customerGroup)
        } else {
            try FileManager.default.createDirectory(atPath: inbox + "/payments", withIntermediateDirectories: true)
        }
        daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: IntakeBinary.path)
        daemon.arguments = ["watch", root.path]
        _ = FileManager.default.createFile(atPath: root.path + "/daemon.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: root.path + "/daemon.log"))
        daemon.standardOutput = log
        daemon.standardError = log
        daemon.standardInput = FileHandle.nullDevice
        try daemon.run()
        try log.close()
        guard eventually(within: 10, { FileManager.default.fileExists(atPath: root.root.metrics) }) else {
            close()
            throw SFTPServer.Failure(description: "intake watch did not start")
        }
    }

    deinit { close() }

    /// Stops the daemon (SIGTERM, as systemd does) and sshd; returns the daemon's exit status.
    @discardableResult
    package func close() -> Int32 {
        guard !closed else { return daemon.terminationStatus }
        closed = true
        server?.stop()
        if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        if !eventually(within: 15, { !daemon.isRunning }) { kill(daemon.processIdentifier, SIGKILL) }
        daemon.waitUntilExit()
        return daemon.terminationStatus
    }

    /// The folder a customer's `/inbox/payments/NAME` is, seen from outside.
    package var payments: String { root.root.inbox + "/" + DeliveryScene.workspace + "/payments" }

    /// Seconds since the scene started (for the timings the tests print).
    package var elapsed: Double { Date().timeIntervalSince(started) }

    /// Writes a generated payments file (outside the inbox) and returns it with its row and invalid-row counts.
    package func generate(rows: Int, seed: UInt64) throws -> GeneratedFile {
        let path = root.path + "/upload-\(seed).csv"
        let counts = try PaymentsGenerator(rows: rows, seed: seed).write(toFile: path)
        chmod(path, 0o644)
        return GeneratedFile(path: path, rows: rows, invalid: counts.values.reduce(0, +))
    }

    /// Files in the inbox (not folders), relative to it.
    package var inboxFiles: [String] { root.files("inbox") }

    /// Waits until nothing is left in the inbox or claimed in `work/`, at least
    /// one job exists and every job is final: from then on no new job can
    /// appear. (A claim renames the file into `work/` before its job is written.)
    package func settled(within seconds: Double = 60) throws -> Bool {
        try eventually(within: seconds) {
            guard inboxFiles.isEmpty, root.files("work").isEmpty else { return false }
            let jobs = try root.jobs()
            return !jobs.isEmpty && jobs.allSatisfy(\.status.isFinal)
        }
    }

    /// The jobs of one drop name.
    package func jobs(named name: String) throws -> [JobRecord] {
        try root.jobs().filter { $0.sourceName == name }
    }

    /// The archived or failed original of a job (relative to the root), if any.
    package func original(of job: JobRecord) -> String? {
        let prefix = job.jobID + "__"
        if let archived = root.files("archive").first(where: { ($0 as NSString).lastPathComponent.hasPrefix(prefix) }) {
            return "archive/" + archived
        }
        if let failed = root.files("failed").first(where: { ($0 as NSString).lastPathComponent.hasPrefix(prefix) }) {
            return "failed/" + failed
        }
        return nil
    }

    /// The daemon's log so far.
    package var daemonLog: String { (try? String(contentsOfFile: daemonLogPath, encoding: .utf8)) ?? "" }
}

/// A payments file written for an upload.
package struct GeneratedFile {
    package let path: String
    package let rows: Int
    package let invalid: Int

    package init(path: String, rows: Int, invalid: Int) {
        self.path = path
        self.rows = rows
        self.invalid = invalid
    }

    package var bytes: [UInt8] { (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }
    package var size: Int { bytes.count }
    package var sha256: String { SHA256.hash(bytes) }
    package var name: String { (path as NSString).lastPathComponent }
}

/// Rows of a CSV prefix as the importer counts them: lines after the header,
/// a last line without its newline included.
package func dataRows(_ bytes: [UInt8]) -> Int {
    guard !bytes.isEmpty else { return 0 }
    let lines = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } + (bytes.last == 10 ? 0 : 1)
    return max(0, lines - 1)
}
