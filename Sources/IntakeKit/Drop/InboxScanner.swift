/// Lists the drops in `inbox/`: the shared folder's files and the files in
/// `WORKSPACE/TYPE/` folders. Never follows a symbolic link; reports links and
/// other non-regular files as refused drops rather than skipping them.
public struct InboxScanner: Sendable {
    /// The root to scan.
    public let root: Root
    /// The configuration that routes names.
    public let configuration: Configuration

    /// A scanner for `root` with `configuration`.
    public init(root: Root, configuration: Configuration) {
        self.root = root
        self.configuration = configuration
    }

    /// Every drop now in the inbox, oldest first (mtime, then name).
    public func scan() throws(SystemError) -> [Drop] {
        var drops: [Drop] = []
        try visit(try DirectoryDescriptor.open(root.inbox), components: [], chain: [], into: &drops)
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
                if status.kind == .directory, level < 2 {
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
                       into drops: inout [Drop]) throws(SystemError) {
        let names = try folder.names()
        let present = Set(names)
        for name in names where !DropName.isIgnored(name) {
            guard let status = try folder.status(of: name) else { continue }
            let here = components + [name]
            if status.kind == .directory {
                // inbox/WORKSPACE/ and inbox/WORKSPACE/TYPE/ only; deeper folders are not drops.
                // Opened relative to its parent without following a link, so a folder swapped
                // for a link while the scan runs is never listed.
                if here.count <= 2, let inner = try? folder.openFolder(name), let identity = try? inner.status() {
                    try visit(inner, components: here, chain: chain + [FolderIdentity(identity)], into: &drops)
                }
                continue
            }
            var route = DropName.route(here, configuration: configuration)
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
            guard let status = try folder.status(of: raw), status.kind != .directory else { continue }
            let shown = raw.shown
            let workspace = DropName.route(components + [shown], configuration: configuration).workspace
                ?? (components.first.flatMap { configuration.workspaces[$0] != nil ? $0 : nil })
            let route = DropRoute.refused(workspace: workspace, reason: Refusal(
                code: "unrepresentable_name",
                message: "the file's name is not valid UTF-8 text (shown as \"\(shown)\"); rename it using letters, digits, '-', '_' and '.', saved as UTF-8, and drop it again",
                httpStatus: 400))
            drops.append(Drop(path: folder.path + "/" + shown, components: components + [shown], status: status,
                              hasMarker: false, route: route, folders: chain, rawName: raw))
        }
    }
}

extension DropRoute {
    /// The workspace named, when it is configured.
    var workspace: String? {
        switch self {
        case .accepted(let workspace, _, _): workspace
        case .refused(let workspace, _): workspace
        }
    }
}
