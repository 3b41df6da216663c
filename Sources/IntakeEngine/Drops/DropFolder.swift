import IntakeCore
import IntakeSystem

/// Opens the folder a drop waits in, one component at a time from `inbox/`,
/// never following a link (spec section 4): each folder is opened relative to
/// its parent with `O_NOFOLLOW|O_DIRECTORY` and must be the folder the scan saw
/// (device and inode). A claim, a marker's removal or a refusal then acts on
/// the file by name relative to that open folder, so a folder swapped for a link
/// between scan and claim is never followed, and nothing outside
/// `inbox/WORKSPACE/` can be moved by that workspace's drops.
public enum DropFolder {
    /// Why the drop's folder is not the one the scan saw.
    public struct Changed: Error, Equatable, Sendable, CustomStringConvertible {
        /// The folder below `inbox/` that changed (`acme/payments`).
        public let folder: String
        /// True when it had become a symbolic link, which was removed.
        public let linkRemoved: Bool

        public var description: String {
            linkRemoved
                ? "inbox/\\(folder) was replaced by a symbolic link after the scan; the link was removed and nothing it points to was read"
                : "inbox/\\(folder) was moved or replaced after the scan"
        }
    }

    /// What opening a drop's folder found.
    public enum Opening {
        /// The folder the scan saw, open.
        case same(DirectoryDescriptor)
        /// Not that folder any more.
        case changed(Changed)
    }

    /// Opens `drop`'s folder below `inbox`, checked against the scan; a link
    /// found in a folder's place is removed unless `removingLinks` is false.
    public static func open(inbox: String, drop: Drop, removingLinks: Bool = true) throws(SystemError) -> Opening {
        var folder = try DirectoryDescriptor.open(inbox)
        let parents = drop.components.dropLast()
        for (index, name) in parents.enumerated() {
            let relative = parents.prefix(index + 1).joined(separator: "/")
            guard let status = try folder.status(of: name) else { return .changed(Changed(folder: relative, linkRemoved: false)) }
            if status.kind == .symlink {
                if removingLinks { try folder.remove(name) }
                return .changed(Changed(folder: relative, linkRemoved: removingLinks))
            }
            let inner: DirectoryDescriptor
            do {
                inner = try folder.openFolder(name)
            } catch {
                // ELOOP/ENOTDIR: swapped between the look and the open.
                guard error.isSymbolicLink || error.isNotDirectory || error.isNotFound else { throw error }
                return .changed(Changed(folder: relative, linkRemoved: false))
            }
            guard index < drop.folders.count, FolderIdentity(try inner.status()) == drop.folders[index] else {
                return .changed(Changed(folder: relative, linkRemoved: false))
            }
            folder = inner
        }
        return .same(folder)
    }

    /// Opens the folder at `components` below `inbox` (the folder a claimed
    /// file is given back to) without following a link; nil when a component
    /// is missing, not a folder, or a link.
    public static func open(inbox: String, folders components: [String]) throws(SystemError) -> DirectoryDescriptor? {
        var folder = try DirectoryDescriptor.open(inbox)
        for name in components {
            do {
                folder = try folder.openFolder(name)
            } catch {
                guard error.isSymbolicLink || error.isNotDirectory || error.isNotFound else { throw error }
                return nil
            }
        }
        return folder
    }
}
