import Glibc

/// Every process a child started, followed from `/proc` while it runs, so
/// all of them can be killed at once and reaped by pid: the child's own
/// tree, plus the orphans re-parented to this process (a child subreaper,
/// ``ProcessTree/subreaper``) that were seen in that tree or whose
/// environment carries the child's `mark` (`INTAKE_JOB_ID=…`), which catches
/// a process that left with `setsid` and a double fork between two looks.
/// Never signals or reaps a process it cannot tie to the child: the daemon's
/// own children are left alone, and nothing here calls `waitpid(-1)`.
/// Not Sendable: the thread that runs the child owns it.
package final class ProcessFamily {
    /// The child itself (its pid is also its process group's id).
    package let head: pid_t
    private let mark: String?
    private let me = getpid()
    /// Every descendant seen, by pid, with its start time.
    private var members: [pid_t: UInt64] = [:]

    package init(head: pid_t, mark: String?) {
        self.head = head
        self.mark = mark
        _ = ProcessTree.subreaper
    }

    /// Looks for new descendants; reaps those re-parented here that have
    /// exited. Returns how many new ones it found.
    @discardableResult
    package func look() -> Int {
        var found = 0
        var queue = [head] + members.keys.filter { same($0) }
        // Orphans re-parented here whose environment names the child.
        if let mark {
            for pid in ProcessTree.children(of: me)
            where pid != head && members[pid] == nil && ProcessTree.environment(of: pid, contains: mark) {
                queue.append(pid)
                if let status = ProcessTree.status(of: pid) {
                    members[pid] = status.identity.started
                    found += 1
                }
            }
        }
        var seen = Set(queue)
        while let pid = queue.popLast() {
            for child in ProcessTree.children(of: pid) where seen.insert(child).inserted {
                guard let status = ProcessTree.status(of: child) else { continue }
                if members[child] != status.identity.started {
                    members[child] = status.identity.started
                    found += 1
                }
                queue.append(child)
            }
        }
        reapExited()
        return found
    }

    /// Stops every member (SIGSTOP, so none can start another), looking
    /// again until no new one appears, then kills them all (SIGKILL) with
    /// the child's process group, and reaps those that are this process's
    /// children, waiting at most `seconds`. The head is killed but not
    /// reaped here (its caller takes its status): it must not have been
    /// reaped yet, so that its pid and process group id are not reused.
    /// Returns how many processes other than the head were killed.
    @discardableResult
    package func killAll(seconds: Double = 2) -> Int {
        var stopped = Set<pid_t>()
        for _ in 0..<100 {
            look()
            let targets = ([head] + members.keys.filter { same($0) }).filter { !stopped.contains($0) }
            if targets.isEmpty { break }
            for pid in targets {
                kill(pid, SIGSTOP)
                stopped.insert(pid)
            }
        }
        kill(-head, SIGKILL)
        var killed = 0
        for pid in stopped where pid == head || same(pid) {
            kill(pid, SIGKILL)
            if pid != head { killed += 1 }
        }
        let until = MonotonicClock.seconds() + seconds
        while !members.isEmpty, MonotonicClock.seconds() < until {
            reapExited()
            if !members.isEmpty { usleep(5_000) }
        }
        return killed
    }

    /// Whether `pid` is still the member seen (not gone, not a reused pid).
    private func same(_ pid: pid_t) -> Bool {
        guard let started = members[pid], let status = ProcessTree.status(of: pid) else { return false }
        return status.identity.started == started
    }

    /// Reaps the members re-parented here that have exited and forgets the
    /// members that are gone.
    private func reapExited() {
        for (pid, started) in members {
            guard let status = ProcessTree.status(of: pid), status.identity.started == started else {
                members[pid] = nil
                continue
            }
            guard status.zombie, status.parent == me else { continue }
            var code: Int32 = 0
            if waitpid(pid, &code, WNOHANG) == pid { members[pid] = nil }
        }
    }
}

@available(*, unavailable)
extension ProcessFamily: Sendable {}
