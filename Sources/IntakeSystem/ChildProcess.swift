import Glibc

/// A program run without a shell, in a process group of its own, with stdin
/// from `/dev/null` and stdout and stderr into one pipe read by the caller
/// (the `on_job_end` hook). The daemon's blocked signals are unblocked and
/// their default actions restored in the child.
/// ``finish(deadline:mark:onOutput:)`` kills it and every process it started
/// at its deadline, so a grandchild that keeps the output open cannot hold
/// the caller. Not Sendable: one thread owns it.
package final class ChildProcess {
    /// The child's pid, which is also its process group id.
    package let pid: pid_t
    private var output: Int32

    /// How the program ended.
    package enum Ending: Equatable, Sendable {
        /// It exited with this status (0: success).
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
        /// It (or a process it started) still ran at the deadline; all were killed.
        case timedOut
    }

    /// Starts `command[0]` (an absolute path) with `command[1...]` as arguments
    /// and `environment` (`NAME=value`) as its whole environment.
    package init(command: [String], environment: [String]) throws(SystemError) {
        precondition(!command.isEmpty, "a command names its program")
        var fds: [Int32] = [0, 0]
        _ = try Syscalls.retrying("pipe", path: command[0]) { pipe(&fds) }
        // Close-on-exec, so no other child (another hook started at the same time) inherits them.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let rc = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw SystemError("posix_spawn", path: command[0], code: rc)
        }
        pid = child
        output = fds[0]
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if output >= 0 { close(output) }
    }

    /// Hands the output to `onOutput` in chunks of at most 64 KiB as it
    /// comes, until the program has exited and its output is closed, or
    /// until `deadline` (monotonic seconds). Then every process it started
    /// and left running (found by a ``ProcessFamily`` followed all along,
    /// `mark` naming its environment entry) is killed and reaped, and at the
    /// deadline the program too. Memory stays bounded whatever it prints.
    package func finish(deadline: Double, mark: String?, onOutput: (ArraySlice<UInt8>) -> Void) -> (ending: Ending, leftovers: Int) {
        let family = ProcessFamily(head: pid, mark: mark)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var open = true
        var looked = 0.0
        while true {
            let now = MonotonicClock.seconds()
            if now - looked >= 0.1 {
                family.look()
                looked = now
            }
            // Exited but not reaped (a zombie keeps its pid and group id for the killing below).
            let exited = ProcessTree.status(of: pid)?.zombie ?? true
            if exited, !open {
                let leftovers = family.killAll()
                return (reap() ?? .exited(-1), leftovers)
            }
            let left = deadline - now
            if left <= 0 {
                let leftovers = family.killAll()
                _ = reap()
                return (.timedOut, leftovers)
            }
            guard open else {
                usleep(10_000)
                continue
            }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 0.05) * 1000) + 1)
            guard ready > 0 else { continue }
            let count = read(output, &buffer, buffer.count)
            if count > 0 {
                onOutput(buffer[..<count])
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                open = false
                close(output)
                output = -1
            }
        }
    }

    /// Waits for the program (by its pid only) and says how it ended; nil
    /// when it cannot be waited for.
    private func reap() -> Ending? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == -1, errno == EINTR { continue }
            guard result == pid else { return nil }
            let signal = status & 0x7F
            return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        }
    }
}

@available(*, unavailable)
extension ChildProcess: Sendable {}
