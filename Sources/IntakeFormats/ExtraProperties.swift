import IntakeCore
import IntakeSystem
/// The `extra` of one record: the properties of the type's open objects
/// (`entity`, `bank_details`) that are not fields, as one JSON object with
/// its keys sorted at every level (`{"bank_details":{"swift_code":"…"}}`),
/// built in a buffer reused for every record. Strings stay strings; a JSON
/// number, `true`, `false` or `null` keeps its literal; an empty object stays
/// `{}`. It also remembers every such property's name for the document's one
/// `extra_properties` warning. Not thread-safe: one per cursor.
final class ExtraProperties {
    private var entries: [(path: [String], value: [UInt8], kind: FlatValueKind)] = []
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 256
    private var count = 0
    /// Whether ``json`` was built for the current record.
    private var built = false
    /// The dotted names seen in the document, in first-seen order (at most ``nameLimit``).
    private(set) var names: [String] = []
    private var nameSet: Set<String> = []
    static let nameLimit = 100

    init() { buffer = .allocate(capacity: capacity) }
    deinit { buffer.deallocate() }

    /// Forgets the current record's properties (a new record starts).
    func reset() {
        entries.removeAll(keepingCapacity: true)
        built = false
    }

    /// Whether the current record has been given its properties (see ``json(_:)``).
    var isBuilt: Bool { built }

    /// Adds a property of the current record by its dotted name (`bank_details.swift_code`).
    func add(_ name: String, _ value: UnsafeBufferPointer<UInt8>, kind: FlatValueKind) {
        entries.append((name.split(separator: ".", omittingEmptySubsequences: false).map(String.init), Array(value), kind))
        if names.count < ExtraProperties.nameLimit, nameSet.insert(name).inserted { names.append(name) }
    }

    /// The current record's JSON object, nil when it has no such property;
    /// `fill` adds them first unless that was done for this record. Valid until the next ``reset()``.
    func json(_ fill: () -> Void = {}) -> UnsafeBufferPointer<UInt8>? {
        if !built {
            fill()
            built = true
            count = 0
            if !entries.isEmpty {
                entries.sort { $0.path.lexicographicallyPrecedes($1.path) { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
                var out: [UInt8] = []
                write(0..<entries.count, depth: 0, into: &out)
                if out.count > capacity {
                    buffer.deallocate()
                    capacity = out.count
                    buffer = .allocate(capacity: capacity)
                }
                out.withUnsafeBufferPointer { if let base = $0.baseAddress { buffer.update(from: base, count: $0.count) } }
                count = out.count
            }
        }
        return count == 0 ? nil : UnsafeBufferPointer(start: buffer, count: count)
    }

    /// The entries of `range` (sorted, sharing their first `depth` path parts) as one object.
    private func write(_ range: Range<Int>, depth: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var index = range.lowerBound
        var first = true
        while index < range.upperBound {
            let key = entries[index].path[depth]
            var end = index + 1
            while end < range.upperBound && entries[end].path.count > depth && entries[end].path[depth] == key { end += 1 }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: JSONWriter.quoted(key).utf8)
            out.append(UInt8(ascii: ":"))
            let entry = entries[index]
            if entry.path.count == depth + 1 {
                switch entry.kind {
                case .string: out.append(contentsOf: JSONWriter.quoted(String(decoding: entry.value, as: UTF8.self)).utf8)
                case .number, .boolean: out.append(contentsOf: entry.value)
                case .null: out.append(contentsOf: "null".utf8)
                case .object, .array: out.append(contentsOf: "{}".utf8)
                }
                end = index + 1  // a repeated key is written again: kept as given
            } else {
                write(index..<end, depth: depth + 1, into: &out)
            }
            index = end
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The document's one warning naming the properties kept in `extra`.
    var warnings: [RowIssue] {
        guard !names.isEmpty else { return [] }
        let more = names.count == ExtraProperties.nameLimit ? " (and maybe more)" : ""
        return [RowIssue(Issue(
            "extra_properties", field: "",
            description: "\(names.joined(separator: ", "))\(more) are not fields of this type; they were kept, as given, in the records' extra",
            severity: .warning))]
    }
}
