import Synchronization
import IntakeCore
import IntakeSystem

/// The parts of a pain.001 document around its transactions, captured by
/// ``XMLRecordReader`` while it reads, so that ``Pain001RejectedWriter`` can wrap
/// the failed transactions in the same headers.
///
/// The reader fills it on its own thread; the writer reads it at `commit()`, after
/// the whole document was read. Memory: the group header and one header per payment
/// block (`PmtInf` up to its first `CdtTrfTxInf`), never the transactions.
public final class Pain001Outline: Sendable {
    /// A header's exact bytes, with where its `NbOfTxs` and `CtrlSum` texts sit
    /// (byte ranges into `bytes`) so that they can be replaced.
    public struct Header: Sendable, Equatable {
        /// The header's original bytes.
        public var bytes: [UInt8] = []
        /// The range of the `NbOfTxs` element's content, when it has one.
        public var count: Range<Int>?
        /// The range of the `CtrlSum` element's content, when it has one.
        public var sum: Range<Int>?
        /// The element's qualified name (`PmtInf`, `p:PmtInf`), for its end tag.
        public var name: [UInt8] = []
    }

    /// Everything captured so far.
    public struct Snapshot: Sendable, Equatable {
        /// The root start tag exactly as written (`<Document xmlns="…">`).
        public var root: [UInt8] = []
        /// The root's qualified name.
        public var rootName: [UInt8] = []
        /// The `CstmrCdtTrfInitn` start tag exactly as written.
        public var initiation: [UInt8] = []
        /// Its qualified name.
        public var initiationName: [UInt8] = []
        /// The whole `GrpHdr` element.
        public var groupHeader = Header()
        /// One entry per `PmtInf`, by 0-based index: its bytes up to the first
        /// `CdtTrfTxInf` (empty for a block without transactions).
        public var paymentBlocks: [Header] = []
        /// True once the whole document was read and checked.
        public var complete = false
    }

    private let state = Mutex(Snapshot())

    /// An empty outline.
    public init() {}

    /// A copy of what was captured.
    public func snapshot() -> Snapshot {
        state.withLock { $0 }
    }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }
}
