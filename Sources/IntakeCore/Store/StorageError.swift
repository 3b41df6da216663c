/// A storage problem that is not the database's own error: what is wrong and what to do.
public struct StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension StorageError: InfrastructureError {
    /// A storage fault (a lock session lost, a schema not ready) passes: the job is retried.
    public var isTransient: Bool { true }
}
