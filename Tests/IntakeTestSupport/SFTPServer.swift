import Foundation

/// A real OpenSSH `sshd` on a free loopback port, serving one workspace to a
/// chrooted SFTP-only customer as the README recommends: the chroot holds bind
/// mounts of `ROOT/inbox/WORKSPACE` (read-write) and `ROOT/outbox/WORKSPACE`
/// (read-only).
///
/// Everything lives in a root-owned 0755 folder under `/run` (sshd refuses a
/// `ChrootDirectory` with any component not owned by root or writable by group
/// or others, so the 1777 `/tmp` cannot hold it). sshd runs as PID 1 of its own
/// PID and mount namespaces (`unshare --mount --pid --fork`): the bind mounts are
/// never seen by the machine, and when sshd stops the kernel ends every session
/// process and drops the mounts with it. The daemon under test, outside, sees
/// the same files. Needs root; the customer is the system user ``user``.
package final class SFTPServer {
    /// The customer's system user (and group of the same name).
    package static let user = "intake-sftp"
    package static let sshd = "/usr/sbin/sshd"

    package typealias Failure = HarnessFailure

    package let workspace: String
    package private(set) var port = 0
    /// The harness's folder: config, keys, logs and the chroot.
    package let base: String
    package let uid: uid_t
    package let gid: gid_t
    package var chroot: String { base + "/chroot" }
    package var clientKey: String { base + "/keys/client" }
    package var logPath: String { base + "/sshd.log" }
    private var namespace: Process?
    package var clients: [SFTPClient] = []
    private var clientCount = 0
    private var removed = false

    /// Sets up the customer's folders in `root`, then starts sshd; throws with
    /// sshd's own output when it does not come up.
    /// `prepare` false leaves the workspace's folders as they are (laid out by
    /// `intake init` for a `customer_group`).
    package init(root: String, workspace: String, types: [String], prepare: Bool = true) throws {
        for tool in [SFTPServer.sshd, "/usr/bin/sftp", "/usr/bin/ssh-keygen", "/usr/bin/unshare"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Failure(description: "\(tool) is missing: run scripts/setup.sh (installs openssh-server, openssh-client, util-linux)")
        }
        guard getuid() == 0 else { throw Failure(description: "the SFTP harness needs root (chroot, bind mounts, useradd)") }
        signal(SIGPIPE, SIG_IGN)  // a client that dies before reading its batch must not end the test process
        self.workspace = workspace
        (uid, gid) = try SFTPServer.ensureUser()
        base = "/run/intake-sftp-" + UUID().uuidString.prefix(8).lowercased()
        do {
            try start(root: root, types: prepare ? types : nil)
        } catch {
            stop()
            throw error
        }
    }

    private func start(root: String, types: [String]?) throws {
        for folder in [base, base + "/keys", chroot, chroot + "/inbox", chroot + "/outbox"] {
            try SFTPServer.makeFolder(folder, mode: 0o755)
        }
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try SFTPServer.makeFolder("/run/sshd", mode: 0o755)  // sshd's privilege separation folder
        }
        try SystemTools.command("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "intake-test-host", "-f", base + "/keys/host"])
        try SystemTools.command("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "intake-test-client", "-f", clientKey])
        // sshd reads the authorized keys as the customer: world-readable, in 0755 folders.
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: base + "/keys/authorized_keys")
        chmod(base + "/keys/authorized_keys", 0o644)
        if let types { try prepareWorkspace(root: root, types: types) }
        var lastLog = ""
        var started: (Process, Int)?
        for _ in 0..<3 {  // another process may take the free port between the probe and sshd's bind
            let port = try SystemTools.freeLoopbackPort()
            try configuration(port: port).write(toFile: base + "/sshd_config", atomically: true, encoding: .utf8)
            let process = try startNamespace(root: root)
            let up = eventually(within: 10) { log.contains("Server listening on 127.0.0.1 port \(port)") || !process.isRunning }
            if up && process.isRunning {
                started = (process, port)
                break
            }
            lastLog = log
            Self.end(process)
            if !lastLog.contains("Address already in use") { break }
        }
        guard let (process, port) = started else {
            throw Failure(description: "sshd did not start:\n\(lastLog)")
        }
        namespace = process
        self.port = port
    }

    deinit { stop() }

    /// sshd's output so far (`-e`: its log goes to stderr, kept in a file).
    package var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Ends every sftp client still running, then sshd (its namespace, sessions
    /// and mounts go with it), then removes the harness's folder.
    package func stop() {
        for client in clients where client.process.isRunning {
            kill(client.process.processIdentifier, SIGKILL)
            client.process.waitUntilExit()
        }
        clients = []
        if let process = namespace {
            namespace = nil
            Self.end(process)
        }
        if !removed {
            removed = true
            removeFolders()
        }
    }

    /// Stops sshd (PID 1 of the namespace, the only child of `unshare`) with
    /// SIGTERM and waits; SIGKILL to `unshare` (whose child then gets SIGTERM
    /// from `--kill-child`) if it does not go.
    private static func end(_ process: Process) {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGTERM) }
        if !eventually(within: 5, { !process.isRunning }) {
            for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGKILL) }
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Removes the harness's files and folders one by one: the mount points
    /// with rmdir, never recursively (in this namespace they are empty folders).
    private func removeFolders() {
        for file in ["keys/host", "keys/host.pub", "keys/client", "keys/client.pub", "keys/authorized_keys", "sshd_config", "sshd.log"] {
            unlink(base + "/" + file)
        }
        for index in 0..<clientCount { unlink(base + "/client-\(index).out") }
        for folder in [chroot + "/inbox", chroot + "/outbox", chroot, base + "/keys", base] { rmdir(folder) }
    }

    /// `ROOT/inbox/WORKSPACE` root-owned with one folder per type the customer
    /// owns (2770); `ROOT/outbox/WORKSPACE` in the customer's group with setgid
    /// (2750), so reports the root daemon writes there (0640) are group-readable.
    private func prepareWorkspace(root: String, types: [String]) throws {
        let inbox = root + "/inbox/" + workspace
        try SFTPServer.makeFolder(inbox, mode: 0o755)
        for type in types {
            try SFTPServer.makeFolder(inbox + "/" + type, mode: 0o2770, owner: uid, group: gid)
        }
        try SFTPServer.makeFolder(root + "/outbox/" + workspace, mode: 0o2750, group: gid)
    }

    private func configuration(port: Int) -> String {
        """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(base)/keys/host
        PidFile none
        UsePAM no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PubkeyAuthentication yes
        AuthorizedKeysFile \(base)/keys/authorized_keys
        StrictModes no
        AllowUsers \(SFTPServer.user)
        Subsystem sftp internal-sftp
        LogLevel VERBOSE
        Match User \(SFTPServer.user)
            ChrootDirectory \(chroot)
            ForceCommand internal-sftp -u 0027
            AllowTcpForwarding no
            AllowAgentForwarding no
            X11Forwarding no
            PermitTTY no

        """
    }

    /// `unshare` running a shell that makes the bind mounts and becomes sshd.
    private func startNamespace(root: String) throws -> Process {
        let script = """
            set -e
            mount --bind "$1" "$3/inbox"
            mount --bind "$2" "$3/outbox"
            mount -o remount,bind,ro "$3/outbox"
            exec \(SFTPServer.sshd) -D -e -f "$4"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child=SIGTERM",
                             "/bin/bash", "-c", script, "sshd-namespace",
                             root + "/inbox/" + workspace, root + "/outbox/" + workspace, chroot, base + "/sshd_config"]
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        return process
    }

    /// The next file name for a client's output.
    package func nextClientOutput() -> String {
        defer { clientCount += 1 }
        return base + "/client-\(clientCount).out"
    }
}
