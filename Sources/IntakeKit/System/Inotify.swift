import Glibc

/// inotify on the inbox's folders: a hint that something arrived, never the
/// only way to find it (the daemon rescans, and adds watches for new folders
/// on every wake). Watches folders only, never follows a symbolic link.
final class Inotify {
    let fd: Int32
    /// Events that overflowed the kernel's queue, counted for the metrics.
    private(set) var overflows = 0

    /// What one drain of the queue found.
    struct Drained {
        var events = 0
        var overflowed = false
    }

    init() throws(SystemError) {
        fd = try Syscalls.retrying("inotify_init1", path: "-") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// Watches `folder` for files closed after writing, moved in or created.
    /// False when the watch could not be added (the watch limit): the rescan covers it.
    @discardableResult
    func watch(_ folder: String) -> Bool {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        let wd = inotify_add_watch(fd, folder, mask)
        return wd >= 0
    }

    /// Reads every queued event without blocking.
    func drain() -> Drained {
        var drained = Drained()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= n {
                let (mask, length) = buffer.withUnsafeBytes { raw -> (UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.mask, Int(event.len))
                }
                drained.events += 1
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    drained.overflowed = true
                    overflows += 1
                }
                offset += header + length
            }
        }
        return drained
    }
}
