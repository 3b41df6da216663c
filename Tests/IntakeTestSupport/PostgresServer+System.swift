import Foundation
import Synchronization

/// The machine-level steps of ``PostgresServer``: the binaries, the system user,
/// the folder, running commands as that user, the postmaster's life.
extension PostgresServer {
    /// The system user the cluster runs as.
    package struct Account: Sendable {
        package let name: String
        package let uid: uid_t
        package let gid: gid_t
    }

    /// The server programs of one PostgreSQL installation.
    package struct Tools {
        package let initdb: String
        package let postgres: String
    }

    /// The user made when the machine has no `postgres` user.
    package static let fallbackUser = "intake-pg"

    /// `initdb` and `postgres` from the highest `/usr/lib/postgresql/VERSION/bin`
    /// (Debian's layout), else from `PATH`.
    package static func tools() throws -> Tools {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .map { ($0, $0.split(separator: ".").compactMap { Int($0) }) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }
        var folders = versions.reversed().map { root + "/" + $0.0 + "/bin" }
        folders += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders {
            let tools = Tools(initdb: folder + "/initdb", postgres: folder + "/postgres")
            if FileManager.default.isExecutableFile(atPath: tools.initdb),
                FileManager.default.isExecutableFile(atPath: tools.postgres)
            {
                return tools
            }
        }
        throw Failure(description: "PostgreSQL's initdb and postgres were not found in /usr/lib/postgresql/*/bin nor PATH: run scripts/setup.sh (installs postgresql)")
    }

    /// As root: `postgres` if the machine has it, else ``fallbackUser`` (created,
    /// a system user with no home and no login). `nil` when not root: the
    /// cluster then runs as the current user.
    package static func account() throws -> Account? {
        guard getuid() == 0 else { return nil }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw Failure(description: "/usr/bin/setpriv is missing: run scripts/setup.sh (installs util-linux)")
        }
        for name in ["postgres", fallbackUser] {
            if let entry = getpwnam(name) { return Account(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid) }
        }
        let (uid, gid) = try SystemTools.ensureSystemUser(fallbackUser)
        return Account(name: fallbackUser, uid: uid, gid: gid)
    }

    /// A new folder `/tmp/intake-pg-XXXXXX`, mode 0700, owned by `owner`.
    package static func makeBase(owner: Account?) throws -> String {
        var template = Array("/tmp/intake-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(description: "mkdtemp /tmp/intake-pg-XXXXXX: \(String(cString: strerror(errno)))")
        }
        let base = String(cString: made)
        if let owner, chown(base, owner.uid, owner.gid) != 0 || chmod(base, 0o700) != 0 {
            let reason = String(cString: strerror(errno))
            rmdir(base)
            throw Failure(description: "chown/chmod \(base) for \(owner.name): \(reason)")
        }
        return base
    }

    /// Removes the folders of clusters whose test process was killed (the
    /// kernel ended their postmaster, no `atexit` ran): `/tmp/intake-pg-*`
    /// untouched for an hour whose `postmaster.pid` is gone or names a dead
    /// process. A cluster of another test process still running is left alone.
    package static func removeStaleBases() {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for name in files where name.hasPrefix("intake-pg-") {
            let base = "/tmp/" + name
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: base))?[.modificationDate] as? Date,
                Date().timeIntervalSince(modified) > 3600
            else { continue }
            let pidFile = (try? String(contentsOfFile: base + "/data/postmaster.pid", encoding: .utf8)) ?? ""
            if let pid = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) }), !hasExited(pid) { continue }
            try? FileManager.default.removeItem(atPath: base)
        }
    }

    /// `program` with `arguments`, run as `account` (with `setpriv`) when given.
    package static func commandLine(_ program: String, _ arguments: [String], as account: Account?, extra: [String] = [])
        -> (String, [String])
    {
        guard let account else {
            return extra.isEmpty ? (program, arguments) : ("/usr/bin/setpriv", extra + ["--", program] + arguments)
        }
        let identity = ["--reuid=\(account.uid)", "--regid=\(account.gid)", "--init-groups"]
        return ("/usr/bin/setpriv", identity + extra + ["--", program] + arguments)
    }

    /// Runs a program that must succeed, as `account`, in `folder`.
    package static func command(_ program: String, _ arguments: [String], as account: Account?, in folder: String) throws {
        let (executable, line) = commandLine(program, arguments, as: account)
        try SystemTools.command(executable, line, in: folder, shown: ([program] + arguments).joined(separator: " "))
    }

    /// Starts `program` as `account` with `setpriv --pdeathsig SIGQUIT`, its
    /// output appended to `log`, from a thread that never ends: the kernel sends
    /// the signal when the *thread* that started a process ends, so the test
    /// process's short-lived worker threads cannot start it. Returns its pid.
    package static func spawnForLife(_ program: String, _ arguments: [String], as account: Account?, in folder: String, log: String) throws -> pid_t {
        let (executable, line) = commandLine(program, arguments, as: account, extra: ["--pdeathsig", "SIGQUIT"])
        final class Outcome: Sendable {
            package let value = Mutex<Result<pid_t, any Error>?>(nil)
        }
        let outcome = Outcome()
        let started = DispatchSemaphore(value: 0)
        let keeper = Thread {
            let result = Result { () throws -> pid_t in
                _ = FileManager.default.createFile(atPath: log, contents: nil)
                let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                defer { try? output.close() }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = line
                process.currentDirectoryURL = URL(fileURLWithPath: folder)
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = output
                process.standardError = output
                try process.run()
                return process.processIdentifier
            }
            outcome.value.withLock { $0 = result }
            started.signal()
            while true { sleep(3600) }
        }
        keeper.name = "intake-pg-keeper"
        keeper.start()
        started.wait()
        guard let result = outcome.value.withLock({ $0 }) else {
            throw Failure(description: "the thread starting \(program) reported nothing")
        }
        return try result.get()
    }

    /// True once `pid` is gone or a zombie (Foundation reaps its children on its own thread).
    package static func hasExited(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[close...].dropFirst(2).first == "Z"
    }

    /// Stops a postmaster with SIGQUIT (immediate shutdown: no checkpoint, its
    /// backends end too), SIGKILL when it is still there after 5 s.
    package static func end(_ pid: pid_t) {
        kill(pid, SIGQUIT)
        for signal in [SIGKILL, 0] {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, !hasExited(pid) { usleep(20_000) }
            guard !hasExited(pid), signal != 0 else { return }
            kill(pid, signal)
        }
    }
}
