import Glibc

/// inotify on the inbox's folders: a hint that something arrived, never the
/// only way to find it (the daemon rescans, and adds watches for new folders
/// on every wake). Watches folders only, never follows a symbolic link.
package final class Inotify {
    package let fd: Int32
    /// Events that overflowed the kernel's queue, counted for the metrics.
    package private(set) var overflows = 0

    /// What one drain of the queue found.
    package struct Drained {
        var events = 0
        package var overflowed = false
        /// Watches the kernel removed (`IN_IGNORED`: their folder was deleted).
        package var removed: [Int32] = []
    }

    package init() throws(SystemError) {
        fd = try Syscalls.retrying("inotify_init1", path: "-") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    deinit { close(fd) }

    /// Watches `folder` for files closed after writing, moved in or created.
    /// Nil when the watch could not be added (the watch limit): the rescan covers it.
    package func watch(_ folder: String) -> Int32? {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        let wd = inotify_add_watch(fd, folder, mask)
        return wd >= 0 ? wd : nil
    }

    /// Watches the open `folder` itself (through `/proc/self/fd`, so no path
    /// is looked up again and no link can be followed), else by its path
    /// without following a link in its last component.
    package func watch(_ folder: DirectoryDescriptor) -> Int32? {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR)
        let wd = inotify_add_watch(fd, "/proc/self/fd/\(folder.raw)", mask)
        return wd >= 0 ? wd : watch(folder.path)
    }

    /// Reads every queued event without blocking.
    package func drain() -> Drained {
        var drained = Drained()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                drained.events += 1
                if mask & UInt32(IN_IGNORED) != 0 { drained.removed.append(wd) }
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
