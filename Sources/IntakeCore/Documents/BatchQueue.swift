import Dispatch
import Synchronization

/// Hands ``RowBatch``es from the parsing thread to the writing thread and back,
/// with a fixed pool of batches so memory stays flat whatever the file size.
package final class BatchQueue: Sendable {
    /// What the writing thread takes next.
    package enum Item: Sendable {
        case batch(RowBatch)
        /// The parser reached the end of the document.
        case end
        /// The parser stopped on this error (a document failure, a read error).
        case failed(any Error)
    }

    private struct State: Sendable {
        package var full: [Item] = []
        package var free: [RowBatch]
        package var cancelled = false
    }

    private let state: Mutex<State>
    private let fullCount = DispatchSemaphore(value: 0)
    private let freeCount: DispatchSemaphore

    /// A queue with `batches` batches of `fieldCount` fields each, their byte
    /// arenas reserving `arenaReserve` bytes at first.
    package init(batches: Int, fieldCount: Int, arenaReserve: Int = RowBatch.arenaLimit + (64 << 10)) {
        state = Mutex(State(free: (0..<batches).map { _ in RowBatch(fieldCount: fieldCount, arenaReserve: arenaReserve) }))
        // Created at zero and raised, not created at `batches`: libdispatch
        // traps when a semaphore is freed below its initial value, which a
        // cancelled import leaves it at.
        freeCount = DispatchSemaphore(value: 0)
        for _ in 0..<batches { freeCount.signal() }
    }

    /// Parser side: an empty batch to fill, or nil once the writer gave up.
    package func takeFree() -> RowBatch? {
        freeCount.wait()
        return state.withLock { state -> RowBatch? in
            if state.cancelled { return nil }
            var batch = state.free.removeLast()
            batch.reset()
            return batch
        }
    }

    /// Parser side: hands over a filled batch, the end, or an error.
    package func put(_ item: Item) {
        state.withLock { $0.full.append(item) }
        fullCount.signal()
    }

    /// Writer side: the next item, waiting for the parser.
    package func take() -> Item {
        fullCount.wait()
        return state.withLock { $0.full.removeFirst() }
    }

    /// Writer side: gives a written batch back to the parser.
    package func recycle(_ batch: RowBatch) {
        state.withLock { $0.free.append(batch) }
        freeCount.signal()
    }

    /// Writer side: stops the parser and waits until it has finished, so no
    /// thread is left reading the file.
    package func cancelAndDrain() {
        state.withLock { $0.cancelled = true }
        freeCount.signal()  // wake a parser waiting for a free batch
        while true {
            switch take() {
            case .batch(let batch): recycle(batch)
            case .end, .failed: return
            }
        }
    }
}
