/// A batch of parsed and validated rows, copied out of the parser's buffer so
/// that one thread can parse and validate while another writes to SQLite.
///
/// Field values live in one byte arena as (start, length) pairs; a length of
/// ``RowBatch/null`` is an absent value and ``RowBatch/integer`` an exact
/// integer kept in ``integers``.
///
/// A value type on purpose: it moves between the threads through
/// ``BatchQueue`` (its arrays keep their storage, nothing is copied), and as a
/// local variable it costs no dynamic exclusivity checks in the hot loops.
public struct RowBatch: Sendable {
    package static let null: Int32 = -1
    package static let integer: Int32 = -2
    package static let noLine = -1
    /// Rows after which a batch is handed over.
    package static let capacity = 2048
    /// Arena bytes after which a batch is handed over.
    package static let arenaLimit = 1 << 20

    package let fieldCount: Int
    package private(set) var count = 0
    /// Bytes of the document read when the batch was handed over (progress).
    package var bytesRead: Int64 = 0
    package private(set) var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var integers: [Int64] = []
    /// Each row's reported line, ``RowBatch/noLine`` where the format has none.
    package private(set) var lines: [Int] = []
    /// Each row's group (a pain.001 payment block) for the rejected file.
    package private(set) var groups: [Int32] = []
    /// Where each row with issues is, when a line is not enough (nil for clean rows).
    package private(set) var positions: [String?] = []
    private var rawStarts: [Int32] = []
    private var rawLengths: [Int32] = []
    /// Each row's validation issues (empty for clean rows: no allocation).
    package private(set) var issues: [[Issue]] = []

    package init(fieldCount: Int, arenaReserve: Int = RowBatch.arenaLimit + (64 << 10)) {
        self.fieldCount = fieldCount
        arena.reserveCapacity(arenaReserve)
    }

    package var isFull: Bool { count >= RowBatch.capacity || arena.count >= RowBatch.arenaLimit }

    package mutating func reset() {
        count = 0
        bytesRead = 0
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        integers.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        groups.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        rawStarts.removeAll(keepingCapacity: true)
        rawLengths.removeAll(keepingCapacity: true)
        issues.removeAll(keepingCapacity: true)
    }

    /// Copies one row in: its store values, line, original bytes and issues.
    package mutating func append(
        _ values: RecordValues, line: Int?, position: String?, group: Int, raw: UnsafeBufferPointer<UInt8>,
        issues rowIssues: [Issue]
    ) {
        for index in 0..<fieldCount {
            switch values[index] {
            case .null:
                starts.append(0)
                lengths.append(RowBatch.null)
            case .text(let bytes):
                starts.append(Int32(arena.count))
                lengths.append(Int32(bytes.count))
                arena.append(contentsOf: bytes)
            case .integer(let value):
                starts.append(Int32(integers.count))
                lengths.append(RowBatch.integer)
                integers.append(value)
            }
        }
        rawStarts.append(Int32(arena.count))
        rawLengths.append(Int32(raw.count))
        arena.append(contentsOf: raw)
        lines.append(line ?? RowBatch.noLine)
        groups.append(Int32(truncatingIfNeeded: group))
        positions.append(position)
        issues.append(rowIssues)
        count += 1
    }

    /// Row `row`'s store values, pointing into `arena` (valid while it is not changed).
    package func values(row: Int, arena base: UnsafeBufferPointer<UInt8>, into values: inout RecordValues) {
        let first = row * fieldCount
        for index in 0..<fieldCount {
            let length = lengths[first + index]
            let start = Int(starts[first + index])
            switch length {
            case RowBatch.null: values[index] = .null
            case RowBatch.integer: values[index] = .integer(integers[start])
            default: values[index] = .text(UnsafeBufferPointer(rebasing: base[start..<(start + Int(length))]))
            }
        }
    }

    /// Row `row`'s text value of field `field`, nil when absent.
    package func text(row: Int, field: Int, arena base: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let length = lengths[row * fieldCount + field]
        guard length >= 0 else { return nil }
        let start = Int(starts[row * fieldCount + field])
        return UnsafeBufferPointer(rebasing: base[start..<(start + Int(length))])
    }

    /// Row `row`'s original bytes.
    package func raw(row: Int, arena base: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let start = Int(rawStarts[row])
        return UnsafeBufferPointer(rebasing: base[start..<(start + Int(rawLengths[row]))])
    }
}
