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

    /// The file's own name (the last component), the `NAME` of spec section 3.
    public var fileName: String { components.last ?? "" }
    /// The marker's path.
    public var markerPath: String { path + ".done" }

    /// The workspace the drop belongs to, or nil when unrouted.
    public var workspace: String? { route.workspace }
}
