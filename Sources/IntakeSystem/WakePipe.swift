import Glibc

/// A self-pipe that wakes a thread sleeping in ``wait(milliseconds:alsoOn:)``
/// from another thread or a signal handler's queue.
package final class WakePipe: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    package init() throws(SystemError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SystemError("pipe", path: "wake pipe", code: errno) }
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0, fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
                let code = errno
                close(fds[0])
                close(fds[1])
                throw SystemError("fcntl", path: "wake pipe", code: code)
            }
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes the waiter. A full pipe (`EAGAIN`) already means "awake", so
    /// nothing is lost; an interrupted write is tried again. The descriptors are
    /// this object's own and open until `deinit`, so no other failure can occur.
    package func poke() {
        var byte: UInt8 = 1
        while write(writeEnd, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Sleeps until poked, until `other` is readable, or for `milliseconds`.
    package func wait(milliseconds: Int32, alsoOn other: Int32? = nil) {
        var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        if let other { fds.append(pollfd(fd: other, events: Int16(POLLIN), revents: 0)) }
        // An interrupted poll returns early, which callers allow for: they wait
        // again until their deadline. Its other failures (EFAULT, EINVAL) would be
        // a bug in these arguments.
        let polled = poll(&fds, nfds_t(fds.count), milliseconds)
        precondition(polled >= 0 || errno == EINTR || errno == ENOMEM, "poll of the wake pipe failed: errno \(errno)")
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}  // drained until EAGAIN: the pipe is non-blocking
    }
}
