import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Hooks written to hurt the daemon cannot (spec section 3, "Hook"): their
/// output is bounded and escaped, every process they start dies at their
/// timeout and is reaped, they see none of the daemon's secrets, and no more
/// than `hook_concurrency` run at once.
@Suite struct HostileHookTests {
    /// `intake watch ROOT`, logging next to the root; stopped and its log removed by `stop`.
    private struct Daemon {
        let running: LoggedIntake

        init(_ root: TemporaryRoot) throws {
            running = try LoggedIntake.start(["watch", root.path], log: root.path + ".watch.log")
        }

        /// Bytes of memory the daemon ever held in RAM (VmHWM).
        var peakMemory: Int {
            let status = (try? String(contentsOfFile: "/proc/\(running.pid)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }

        /// The daemon's children now (the processes it has not reaped).
        var children: [String] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(running.pid)/task")) ?? []
            return tasks.flatMap { task in
                ((try? String(contentsOfFile: "/proc/\(running.pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                    .split(separator: " ").map(String.init)
            }
        }

        func stop() -> String {
            running.stop()
            let log = running.logText()
            try? FileManager.default.removeItem(atPath: running.log)
            return log
        }
    }

    private func settledHooks(_ root: TemporaryRoot, count: Int = 1) -> Bool {
        eventually(within: 30) {
            let states = (try? root.hookStates()) ?? []
            return states.count == count && states.allSatisfy { $0 == "done" || $0 == "failed" }
        }
    }

    @Test func aFloodWithoutLineBreaksIsLoggedUpTo64KiBEscapedAndTheDaemonStaysSmall() throws {
        let root = try TemporaryRoot()
        let script = try root.script("""
            printf 'before\\000nul\\033[31mred\\n'
            head -c 50000000 /dev/zero | tr '\\000' 'x'
            """)
        try root.reconfigure {
            $0.onJobEnd = [script]
            $0.rescanSeconds = 300
            $0.shutdownSeconds = 10
        }
        let daemon = try Daemon(root)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let settled = settledHooks(root)
        let peak = daemon.peakMemory
        let log = daemon.stop()
        #expect(settled)
        #expect(try root.hookStates() == ["done"])
        // The flood never sat in memory: the old line-by-line reader held all 50 MB (and more).
        #expect(peak > 0 && peak < 48 << 20, "peak \(peak >> 20) MiB")
        let lines = log.split(separator: "\n").filter { $0.contains("event=hook_output") }
        #expect(lines.contains { $0.hasSuffix(#"line="before\\x00nul\\x1B[31mred""#) }, "\(lines.map { $0.prefix(200) })")
        #expect(!log.utf8.contains(0) && !log.utf8.contains(0x1B))
        #expect(lines.allSatisfy { $0.utf8.count <= HookOutputLimit.bytes + 300 })
        let logged = lines.map { $0.utf8.count }.reduce(0, +)
        #expect(logged < HookOutputLimit.bytes + 1000)
        let counted = try #require(lines.first { $0.contains("not_logged_bytes=") })
        let number = Int(counted.split(separator: " ").first { $0.hasPrefix("not_logged_bytes=") }?.dropFirst(17) ?? "") ?? 0
        #expect(number > 50_000_000 - HookOutputLimit.bytes && number <= 50_000_000, "\(counted)")
    }

    @Test func everyProcessAHookStartedDiesAtItsTimeoutAndIsReapedSetsidOnesToo() throws {
        let root = try TemporaryRoot()
        let pids = root.path + "/pids"
        // 40 children, a setsid one, one that forks itself away (setsid -f) and one
        // orphaned by a subshell at once; bounded by the loop (and ulimit -u where it binds).
        let script = try root.script("""
            ulimit -u 500 2>/dev/null
            i=0
            while [ $i -lt 40 ]; do sleep 120 & echo $! >> "\(pids)"; i=$((i + 1)); done
            setsid sh -c 'echo $$ >> "\(pids)"; exec sleep 121' &
            setsid -f sh -c 'echo $$ >> "\(pids)"; exec sleep 122' > /dev/null 2>&1
            ( setsid sh -c 'echo $$ >> "\(pids)"; exec sleep 123' > /dev/null 2>&1 & )
            while [ "$(wc -l < "\(pids)")" -lt 43 ]; do sleep 0.05; done
            echo started
            exec sleep 120
            """)
        try root.reconfigure {
            $0.onJobEnd = [script]
            $0.hookTimeoutSeconds = 2
            $0.rescanSeconds = 300
            $0.shutdownSeconds = 10
        }
        let daemon = try Daemon(root)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let settled = settledHooks(root)
        // Reaped by the daemon, by pid: nothing left, not even a zombie.
        let started = ((try? String(contentsOfFile: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
        let gone = eventually(within: 5) { started.allSatisfy { !FileManager.default.fileExists(atPath: "/proc/\($0)") } }
        let children = daemon.children
        let log = daemon.stop()
        #expect(settled)
        #expect(try root.hookStates() == ["failed"])
        #expect(started.count == 43)
        #expect(gone, "\(started.filter { FileManager.default.fileExists(atPath: "/proc/\($0)") })")
        #expect(children.isEmpty, "\(children)")
        #expect(log.contains("hook_timeout_seconds (2.0 s): it and the "), "\(log)")
    }

    @Test func aHookSeesNoSecretOfTheDaemon() throws {
        let pg = try PostgresRoot(workspaces: ["acme"], settings: ["settle_seconds": 0])
        let dump = pg.base + "/hook-env"
        let script = pg.base + "/hook.sh"
        try "#!/bin/sh\nenv > \"\(dump)\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        var configuration = try Configuration.load(path: pg.root.configuration)
        configuration.onJobEnd = [script]
        try configuration.json().write(toFile: pg.root.configuration, atomically: true, encoding: .utf8)
        try pg.upload("acme__payments__june.csv", Array(PaymentsCSV.mixed.utf8))
        let run = try LoggedIntake.run(["run", pg.path], log: pg.base + "/logs/run.log", environment: [
            "INTAKE_DATABASE_URL": pg.url, "PGPASSWORD": "hunter2-secret", "PGAPPNAME": "intake-secret",
            "AWS_SECRET_ACCESS_KEY": "aws-secret", "LANG": "C.UTF-8", "TZ": "Europe/Paris",
        ])
        #expect(run.process.terminationStatus == 0, "\(run.logText())")
        let text = try String(contentsOfFile: dump, encoding: .utf8)
        #expect(!text.contains("secret"), "\(text)")
        let names = Set(text.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        let spec: Set = ["INTAKE_JOB_ID", "INTAKE_WORKSPACE", "INTAKE_TYPE", "INTAKE_STATUS", "INTAKE_RESULT",
                         "INTAKE_TOTAL", "INTAKE_FAILED", "PATH", "HOME", "LANG", "TZ"]
        // The shell itself adds PWD (and some shells SHLVL, OLDPWD, _).
        #expect(names.subtracting(spec).subtracting(["PWD", "SHLVL", "OLDPWD", "_"]).isEmpty, "\(names)")
        #expect(names.isSuperset(of: ["INTAKE_JOB_ID", "INTAKE_STATUS", "LANG", "TZ", "PATH"]))
        #expect(text.contains("TZ=Europe/Paris\n"))
    }

    @Test func thirtyTwoDropsNeverRunMoreHooksThanHookConcurrency() throws {
        let root = try TemporaryRoot()
        let running = root.path + "/running"
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: true)
        let script = try root.script("""
            mkdir "\(running)/$INTAKE_JOB_ID"
            ls "\(running)" | wc -l >> "\(root.path)/counts"
            sleep 0.2
            rmdir "\(running)/$INTAKE_JOB_ID"
            """)
        try root.reconfigure {
            $0.onJobEnd = [script]
            $0.hookConcurrency = 3
        }
        for i in 0..<32 {
            try root.drop("acme/payments/june-\(i).csv", PaymentsCSV.header + "P-\(i),100.00,EUR,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,Invoice \(i)\n")
        }
        let run = try LoggedIntake.run(["run", root.path], log: root.path + ".run.log")
        defer { try? FileManager.default.removeItem(atPath: run.log) }
        #expect(run.process.terminationStatus == 0)
        let counts = try String(contentsOfFile: root.path + "/counts", encoding: .utf8).split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(counts.count == 32)
        #expect(counts.allSatisfy { $0 >= 1 && $0 <= 3 }, "\(counts)")
        #expect(try root.hookStates().allSatisfy { $0 == "done" })
    }
}

/// The 64 KiB a hook run may log (spec section 3, "Hook").
enum HookOutputLimit {
    static let bytes = 65_536
}
