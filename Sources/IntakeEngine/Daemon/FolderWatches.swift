import IntakeCore
import IntakeSystem

/// `watch`'s inotify watches on every folder the inbox scan walks (spec
/// section 4): the inbox, workspace and type folders, and the folders below a
/// type folder as they appear (`sftp put -r`), so a nested file waits no
/// longer than one at the top. The scan tells each folder before listing it
/// (``InboxScanner/scan(onFolder:)``): a file written after the listing is an
/// event. Watches are keyed by the folder's device and inode and forgotten when
/// the kernel drops them (the folder was deleted), so a folder made again under
/// the same name is watched again.
package final class FolderWatches {
    package let inotify: Inotify
    private var watched: [FolderIdentity: Int32] = [:]

    package init(_ inotify: Inotify) {
        self.inotify = inotify
    }

    /// Reads the queued events, forgetting the watches the kernel removed.
    package func drain() -> Inotify.Drained {
        let drained = inotify.drain()
        if !drained.removed.isEmpty {
            let removed = Set(drained.removed)
            watched = watched.filter { !removed.contains($0.value) }
        }
        return drained
    }

    /// Watches `folder` unless it is watched already (a folder that cannot be
    /// watched, at the watch limit, is left to the periodic rescan).
    package func watch(_ folder: DirectoryDescriptor) {
        guard let status = try? folder.status() else { return }
        let identity = FolderIdentity(status)
        guard watched[identity] == nil, let wd = inotify.watch(folder) else { return }
        watched[identity] = wd
    }
}

@available(*, unavailable)
extension FolderWatches: Sendable {}
