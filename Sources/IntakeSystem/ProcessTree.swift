import CSystem
import Glibc

/// A process as `/proc` shows it, known by its pid and its start time, so a
/// pid the kernel gave to a new process is never taken for the old one.
package struct ProcessIdentity: Hashable, Sendable {
    package let pid: pid_t
    /// Clock ticks after boot when it started (`/proc/PID/stat`, field 22).
    package let started: UInt64
}

/// Reads the process tree from `/proc` (Linux): who a process's children
/// are, and who its parent is. Reads only; signals are sent by
/// ``ProcessFamily``.
package enum ProcessTree {
    /// Makes this process a child subreaper (prctl `PR_SET_CHILD_SUBREAPER`)
    /// on first use: an orphan among its descendants is re-parented to it
    /// instead of to init, so a process a hook started and left (`setsid`,
    /// a double fork) stays findable, and is reaped by pid. True when the
    /// kernel accepted it.
    package static let subreaper: Bool = intake_become_child_subreaper() == 0

    /// One line of `/proc/PID/stat` taken apart: state, parent and start time.
    package struct Status: Sendable {
        let identity: ProcessIdentity
        let parent: pid_t
        /// Exited, waiting to be reaped (state `Z`).
        let zombie: Bool
    }

    /// The status of `pid`, nil when there is no such process.
    package static func status(of pid: pid_t) -> Status? {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/stat", limit: 4096),
              let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // After "pid (comm) ": state, ppid, … starttime (field 22, the 20th after the name).
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count > 19, let parent = pid_t(fields[1]), let started = UInt64(fields[19]) else { return nil }
        return Status(identity: ProcessIdentity(pid: pid, started: started), parent: parent, zombie: fields[0] == "Z")
    }

    /// The children of `pid`: the union of its threads' children lists
    /// (`/proc/PID/task/TID/children`). Empty when it is gone.
    package static func children(of pid: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        for task in (try? FileSystem.list("/proc/\(pid)/task")) ?? [] {
            guard let bytes = try? FileSystem.readFile("/proc/\(pid)/task/\(task)/children", limit: 1 << 20) else { continue }
            found += bytes.split(separator: UInt8(ascii: " ")).compactMap { pid_t(String(decoding: $0, as: UTF8.self)) }
        }
        return found
    }

    /// Whether `pid`'s environment (as it was when it started its program)
    /// holds the entry `entry` (`NAME=value`).
    package static func environment(of pid: pid_t, contains entry: String) -> Bool {
        guard let bytes = try? FileSystem.readFile("/proc/\(pid)/environ", limit: 1 << 20) else { return false }
        let wanted = Array(entry.utf8)
        return bytes.split(separator: 0).contains { $0.elementsEqual(wanted) }
    }
}
