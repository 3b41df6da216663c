import Glibc

/// What asking for a read lease on a file said (see ``FileDescriptor/takeReadLease()``).
public enum LeaseResult: Equatable, Sendable {
    /// The lease is held: no process has the file open for writing, and the
    /// kernel will tell (and Intake release at once) when one opens it.
    case held
    /// Some process has the file open for writing (`EAGAIN`): it is still being written.
    case writerPresent
    /// No lease can be had on this file; the settle window alone decides.
    /// The reason is for the log (`EACCES`: not the file's owner and no `CAP_LEASE`;
    /// `EINVAL`: the filesystem has no leases).
    case unavailable(reason: String)
}

/// Linux read leases (`fcntl(LeaseSignal.setLease, F_RDLCK)`, see fcntl(2) "Leases").
///
/// A read lease is refused with `EAGAIN` while any process has the file open
/// for writing, so it tells exactly whether an uploader still holds a drop.
/// Once held, a process that opens the file for writing is made to wait
/// (up to `/proc/sys/fs/lease-break-time`) while the kernel signals the holder.
/// Intake takes that signal in a handler that gives the lease up at once, so a
/// writer is never held back; the importer then sees the lease gone
/// (``FileDescriptor/holdsReadLease``) and rolls the job back.
///
/// The signal is a real-time one (queued, never merged when two leases break
/// together) set with `F_SETSIG`, whose default action would end the process:
/// the handler is installed before the first lease is asked for.
extension FileDescriptor {
    /// Asks for a read lease on this descriptor (opened read-only).
    public func takeReadLease() -> LeaseResult {
        LeaseSignal.installOnce()
        if fcntl(raw, LeaseSignal.setSignal, LeaseSignal.number) != 0 {
            return .unavailable(reason: "fcntl(F_SETSIG) failed: \(String(cString: strerror(errno)))")
        }
        while true {
            if fcntl(raw, LeaseSignal.setLease, Int32(F_RDLCK)) == 0 { return .held }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EBUSY: return .writerPresent
            case EACCES, EPERM:
                return .unavailable(reason: "not the file's owner and no CAP_LEASE")
            case EINVAL, ENOSYS, ENOLCK:
                return .unavailable(reason: "the filesystem does not support leases (\(String(cString: strerror(code))))")
            default:
                return .unavailable(reason: "fcntl(F_SETLEASE) failed: \(String(cString: strerror(code)))")
            }
        }
    }

    /// True while the read lease taken by ``takeReadLease()`` is held; false
    /// once a writer opened the file (the break is pending or was answered).
    public var holdsReadLease: Bool {
        fcntl(raw, LeaseSignal.getLease) == Int32(F_RDLCK)
    }

    /// Gives the lease up (closing the descriptor does too).
    public func releaseLease() {
        _ = fcntl(raw, LeaseSignal.setLease, Int32(F_UNLCK))
    }
}

/// The signal a lease break is delivered with, and its handler.
package enum LeaseSignal {
    // Linux's fcntl commands, which Glibc's module leaves out (they need _GNU_SOURCE):
    // F_SETSIG 10, F_SETLEASE and F_GETLEASE at F_LINUX_SPECIFIC_BASE (1024).
    package static let setSignal: Int32 = 10
    package static let setLease: Int32 = 1024
    package static let getLease: Int32 = 1025

    /// `SIGRTMIN + 5`: unused by glibc, Dispatch and Foundation.
    package static let number: Int32 = __libc_current_sigrtmin() + 5

    /// Installs the handler exactly once per process (a Swift global is
    /// initialised once, thread-safely).
    package static func installOnce() { _ = installed }

    private static let installed: Bool = {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            // Async-signal-safe: one fcntl on the descriptor the kernel names.
            guard let info else { return }
            let saved = errno
            _ = fcntl(info.pointee._sifields._sigpoll.si_fd, LeaseSignal.setLease, Int32(F_UNLCK))
            errno = saved
        }
        action.sa_flags = SA_SIGINFO | SA_RESTART
        sigemptyset(&action.sa_mask)
        return sigaction(number, &action, nil) == 0
    }()
}
