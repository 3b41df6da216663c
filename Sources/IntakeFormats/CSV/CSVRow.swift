import IntakeCore
import IntakeSystem
/// The current record of a ``CSVReader`` seen through a ``HeaderMapping``.
/// A record whose fields are all empty or blank (`,,,,`, a line of spaces)
/// is skipped and counted in ``emptyRows``.
struct CSVRow<Source: ByteSource>: RecordCursor {
    let reader: CSVReader<Source>
    let mapping: HeaderMapping
    /// The record's `extra` from the header's ``HeaderMapping/extraColumns``.
    let extra = ExtraProperties()
    let emptyRows = EmptyRows()

    @inline(__always)
    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        let column = mapping.columnOfField[field]
        guard column >= 0, column < reader.fieldCount else {
            return column < 0 && !mapping.extraColumns.isEmpty ? extraJSON(field) : nil
        }
        return reader.field(column)
    }

    /// The `extra` JSON when `field` is the schema's extra field: the row's
    /// non-empty cells of the extra columns, as strings.
    private func extraJSON(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        guard field == mapping.extraField else { return nil }
        return extra.json {
            for (column, name) in mapping.extraColumns where column < reader.fieldCount {
                let value = reader.field(column).trimmed()
                if !value.isEmpty { extra.add(name, value, kind: .string) }
            }
        }
    }

    func next() throws -> Bool {
        extra.reset()
        while try reader.next() {
            guard (0..<reader.fieldCount).allSatisfy({ EmptyRows.isBlank(reader.field($0)) }) else { return true }
            emptyRows.skip("line \(reader.line)")
        }
        return false
    }
    var reportedLine: Int? { reader.line }
    var position: String? { nil }
    var group: Int { 0 }
    var raw: UnsafeBufferPointer<UInt8> { reader.rawRecord }
    var bytesRead: Int64 { reader.bytesRead }

    var failsWhole: Bool { reader.fieldCount != mapping.columnCount || reader.malformedField != nil }

    /// The row-level problems of the record's shape (field count, text after a quote).
    func shapeIssues(into issues: inout [Issue]) {
        if reader.fieldCount != mapping.columnCount {
            issues.append(Issue(
                "field_count", field: "",
                description: "the row has \(reader.fieldCount) fields, the header has \(mapping.columnCount); check the delimiters and quotes of this line"))
        }
        if let column = reader.malformedField {
            issues.append(Issue(
                "csv_malformed", field: "",
                description: "field \(column + 1) has text after its closing quote; quote the whole field and double the quotes inside (\"\")"))
        }
    }
}
