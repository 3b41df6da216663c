import IntakeCore
import IntakeSystem

/// A file found in the inbox.
public struct Drop: Equatable, Sendable {
    /// Full path.
    public let path: String
    /// Path components below `inbox/`.
    public let components: [String]
    /// What `lstat` said when it was seen.
    public let status: FileStatus
    /// Whether `NAME.done` exists beside it.
    public let hasMarker: Bool
    /// Where its name sends it.
    public let route: DropRoute
    /// Device and inode of each folder between `inbox/` and the file, as the
    /// scan saw them: a claim opens the same folders or none (``DropFolder``).
    public var folders: [FolderIdentity] = []
    /// The name's bytes when they are not valid UTF-8 (then ``fileName`` is a
    /// readable stand-in and the drop is refused as `unrepresentable_name`).
    public var rawName: DirectoryDescriptor.RawName?

    /// The entry's own name in its folder (the last component).
    public var fileName: String { components.last ?? "" }
    /// The drop's name, the `NAME` of spec section 3 kept whole in the
    /// catalogue and the result: its path below the type folder
    /// (`batch-7/june.csv` for `inbox/acme/payments/batch-7/june.csv`), else
    /// its file name. On disk in `work/`, `archive/` and `failed/` its `/` are
    /// written `__` (``StoredName``).
    public var name: String { components.count > 3 ? components.dropFirst(2).joined(separator: "/") : fileName }
    /// The marker's path.
    public var markerPath: String { path + ".done" }

    /// The workspace the drop belongs to, or nil when unrouted.
    public var workspace: String? { route.workspace }
}

/// Which folder a path led to: device and inode.
public struct FolderIdentity: Hashable, Sendable {
    /// Device number.
    public let device: UInt64
    /// Inode number.
    public let inode: UInt64

    /// The identity of a folder `fstat` or `lstat` described.
    public init(_ status: FileStatus) {
        device = status.device
        inode = status.inode
    }
}
