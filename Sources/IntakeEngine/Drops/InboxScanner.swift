import IntakeCore
import IntakeSystem

/// Lists the drops in `inbox/`: the shared folder's files, the files in
/// `WORKSPACE/TYPE/` folders and in folders below them (spec section 4).
/// Never follows a symbolic link; reports links, other non-regular files and
/// files too deep as refused drops rather than skipping them.
public struct InboxScanner: Sendable {
    /// The root to scan.
    public let root: Root
    /// The configuration that routes names.
    public let configuration: Configuration
    /// The formats drops may have.
    public let handlers: DocumentHandlers

    /// A scanner for `root` with `configuration`, taking drops `handlers` read.
    public init(root: Root, configuration: Configuration, handlers: DocumentHandlers) {
        self.root = root
        self.configuration = configuration
        self.handlers = handlers
    }

    /// Every drop now in the inbox, oldest first (mtime, then name).
    /// `onFolder` is told of each folder walked, open, before it is listed
    /// (`watch` adds its inotify watches there).
    public func scan(onFolder: (DirectoryDescriptor) -> Void = { _ in }) throws(SystemError) -> [Drop] {
        var drops: [Drop] = []
        try visit(try DirectoryDescriptor.open(root.inbox), components: [], chain: [], onFolder: onFolder, into: &drops)
        return drops.sorted {
            ($0.status.modifiedNanos, $0.path) < ($1.status.modifiedNanos, $1.path)
        }
    }

    /// Upload temp files (`.part`, …) not modified for `seconds`: uploads that
    /// probably died (a metric for operators).
    public func stalePartialUploads(olderThan seconds: Double, now: Timestamp) throws(SystemError) -> Int {
        var count = 0
        var folders = [root.inbox]
        var depth = [0]
        while let folder = folders.popLast(), let level = depth.popLast() {
            for name in try FileSystem.list(folder) {
                let path = folder + "/" + name
                guard let status = try FileStatus.ifExists(path) else { continue }
                if status.kind == .directory, level < 2 + DropName.deepestScanned {
                    folders.append(path)
                    depth.append(level + 1)
                } else if status.kind == .regular, DropName.isPartialUpload(name),
                          Double(now.milliseconds) - Double(status.modifiedNanos / 1_000_000) > seconds * 1000 {
                    count += 1
                }
            }
        }
        return count
    }

    private func visit(_ folder: DirectoryDescriptor, components: [String], chain: [FolderIdentity],
                       onFolder: (DirectoryDescriptor) -> Void, into drops: inout [Drop]) throws(SystemError) {
        // Told before the listing, so a watch added there misses nothing written after it.
        onFolder(folder)
        let names = try folder.names()
        let present = Set(names)
        for name in names where !DropName.isIgnored(name) {
            guard let status = try folder.status(of: name) else { continue }
            let here = components + [name]
            if status.kind == .directory {
                try visitFolder(name, in: folder, status: status, components: here, chain: chain, onFolder: onFolder, into: &drops)
                continue
            }
            var route = DropName.route(here, configuration: configuration, handlers: handlers)
            if status.kind != .regular {
                route = .refused(workspace: route.workspace, reason: Refusal(
                    code: "not_a_regular_file",
                    message: "\(name) is a symbolic link or special file; Intake reads only regular files, copy the file itself",
                    httpStatus: 400))
            } else if status.linkCount > 1 {
                route = .refused(workspace: route.workspace, reason: Refusal(
                    code: "hard_linked",
                    message: "\(name) has other hard links; Intake reads only files that have no other name, copy the file instead of linking it",
                    httpStatus: 400))
            }
            drops.append(Drop(path: folder.path + "/" + name, components: here, status: status,
                              hasMarker: present.contains(name + ".done"), route: route, folders: chain))
        }
        for raw in try folder.unrepresentableNames() {
            // A folder below a type folder is answered as a whole: nothing in it waits unanswered.
            guard let status = try folder.status(of: raw), status.kind != .directory || components.count >= 2 else { continue }
            let shown = raw.shown
            let workspace = DropName.route(components + [shown], configuration: configuration, handlers: handlers).workspace
                ?? (components.first.flatMap { configuration.workspaces[$0] != nil ? $0 : nil })
            let route = DropRoute.refused(workspace: workspace, reason: Refusal(
                code: "unrepresentable_name",
                message: "the file's name is not valid UTF-8 text (shown as \"\(shown)\"); rename it using letters, digits, '-', '_' and '.', saved as UTF-8, and drop it again",
                httpStatus: 400))
            drops.append(Drop(path: folder.path + "/" + shown, components: components + [shown], status: status,
                              hasMarker: false, route: route, folders: chain, rawName: raw))
        }
    }

    /// Walks a folder opened relative to its parent without following a link,
    /// so a folder swapped for a link while the scan runs is never listed.
    /// `inbox/WORKSPACE/` and `inbox/WORKSPACE/TYPE/` are walked when they can
    /// be opened; a folder below a type folder that cannot be opened for good
    /// (`EACCES`, `EPERM`), or lies deeper than ``DropName/deepestScanned``, is
    /// itself a refused drop, so nothing in it waits unanswered.
    private func visitFolder(
        _ name: String, in folder: DirectoryDescriptor, status: FileStatus, components here: [String], chain: [FolderIdentity],
        onFolder: (DirectoryDescriptor) -> Void, into drops: inout [Drop]
    ) throws(SystemError) {
        let nested = here.count > 2
        func refuse(_ refusal: Refusal) {
            let workspace = DropName.route(here, configuration: configuration, handlers: handlers).workspace
            drops.append(Drop(path: folder.path + "/" + name, components: here, status: status, hasMarker: false,
                              route: .refused(workspace: workspace, reason: refusal), folders: chain))
        }
        if nested, here.count - 2 > DropName.deepestScanned {
            refuse(DropName.tooDeep(here))
            return
        }
        let inner: DirectoryDescriptor
        do {
            inner = try folder.openFolder(name)
        } catch {
            // Swapped or gone since the look: the next scan sees what is there now.
            guard nested, error.isPermissionDenied else { return }
            refuse(Refusal(
                code: "unreadable_folder",
                message: "the folder \(here.dropFirst(2).joined(separator: "/").prefix(512)) cannot be opened (\(error.reason)); it was moved to failed/ unread with everything in it: give Intake read access to folders you upload and drop the files again",
                httpStatus: 403))
            return
        }
        guard let identity = try? inner.status() else { return }
        try visit(inner, components: here, chain: chain + [FolderIdentity(identity)], onFolder: onFolder, into: &drops)
    }
}

extension DropRoute {
    /// The workspace named, when it is configured.
    package var workspace: String? {
        switch self {
        case .accepted(let workspace, _, _): workspace
        case .refused(let workspace, _): workspace
        }
    }
}
