import Glibc

/// Entries whose names are not valid UTF-8: a `String` cannot name them, so
/// they are found, looked at, moved and removed by their bytes (a drop with
/// such a name is refused with a result, never left in the inbox unanswered).
extension DirectoryDescriptor {
    /// An entry whose name is not valid UTF-8: its bytes, and the name with
    /// each invalid byte shown as U+FFFD (for messages and reports only).
    public struct RawName: Equatable, Sendable {
        /// The name as the filesystem holds it.
        public let bytes: [UInt8]
        /// A readable stand-in.
        public var shown: String { String(decoding: bytes, as: UTF8.self) }
        var cName: [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }
    }

    /// The entries whose names are not valid UTF-8 (which ``names()`` cannot
    /// represent), sorted by their bytes.
    public func unrepresentableNames() throws(SystemError) -> [RawName] {
        try readEntries().map(RawName.init).filter { String(validating: $0.bytes, as: UTF8.self) == nil }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// `fstatat(2)` of an entry named by raw bytes, never following a link.
    public func status(of name: RawName) throws(SystemError) -> FileStatus? {
        try status(cName: name.cName, shown: name.shown)
    }

    /// Renames the entry named by raw bytes to a (valid) `newName` in `target`.
    public func move(_ name: RawName, to target: DirectoryDescriptor, as newName: String) throws(SystemError) {
        try move(cName: name.cName, shown: name.shown, to: target, as: newName)
    }

    /// Removes the entry named by raw bytes (a file or a link).
    public func remove(_ name: RawName) throws(SystemError) {
        try remove(cName: name.cName, shown: name.shown)
    }
}
