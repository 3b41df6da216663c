import IntakeCore
import IntakeSystem

/// How a document's rows go from the parser to the writer. A small text
/// document (most drops) is parsed on the writer's own thread before its
/// rows are written, into a queue with room for every row it can hold (a row
/// takes at least one byte, a batch holds ``RowBatch/capacity`` rows), so the
/// parser never waits for the writer: no thread, no hand-over per batch, and
/// batch arenas sized to the file instead of 1 MiB each. Anything larger, or
/// compressed (`.xlsx`: its size says nothing of its rows), is parsed on a
/// thread of its own into three full-size batches, in parallel with the writes.
package struct ParsePlan: Equatable {
    /// Documents up to this size are parsed inline.
    package static let inlineBytes = 16 << 10

    package let inline: Bool
    package let batches: Int
    package let arenaReserve: Int

    /// The plan for a document of `bytes` whose format's size predicts its rows or not.
    package init(bytes: Int64?, sizePredictsRows: Bool) {
        let size = Int(clamping: bytes ?? Int64.max)
        if sizePredictsRows && size <= ParsePlan.inlineBytes {
            inline = true
            batches = size / RowBatch.capacity + 2
            arenaReserve = 2 * size + 4096
        } else {
            inline = false
            batches = 3
            arenaReserve = RowBatch.arenaLimit + (64 << 10)
        }
    }
}
