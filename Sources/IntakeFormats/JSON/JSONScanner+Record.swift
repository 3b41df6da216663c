import IntakeCore
import IntakeSystem
/// The record being read: where it starts, its flattened fields, where it ends.
extension JSONScanner {
    /// A record's first byte is at `i`.
    func beginRecord(at i: Int, isObject: Bool) {
        if !lines { index += 1 }
        inRecord = true
        recordStart = i
        recordBaseDepth = depth
        recordStartLine = line
        currentIsObject = isObject
        fieldsUsed = 0
        fieldCount = 0
        keys.reset(keep: 4096)
        values.reset(keep: 4096)
        path.count = 0
    }

    /// Adds a field whose key is `path[0..<keyEnd]` and value `values[valueStart..<valueEnd]`.
    func addField(
        _ kind: FlatValueKind, keyEnd: Int, valueStart: Int, valueEnd: Int
    ) throws(JSONError) {
        let keyStart = keys.count
        keys.appendCopy(from: path, count: keyEnd)
        if keys.count + values.count > flattenedLimit {
            throw JSONError(.flattenedRecordTooLarge(limit: flattenedLimit), line: recordStartLine)
        }
        if fieldsUsed == fieldCapacity {
            let grown = UnsafeMutablePointer<Field>.allocate(capacity: fieldCapacity * 2)
            grown.moveInitialize(from: fields, count: fieldsUsed)
            fields.deallocate()
            fields = grown
            fieldCapacity *= 2
        }
        (fields + fieldsUsed).initialize(
            to: Field(
                keyStart: keyStart, keyEnd: keys.count, valueStart: valueStart,
                valueEnd: valueEnd, kind: kind))
        fieldsUsed += 1
    }

    /// The record's last byte is just before `end`.
    func finishRecord(end: Int) throws(JSONError) -> Step {
        let length = end - recordStart
        guard length <= maxRecordBytes else {
            throw JSONError(.recordTooLong(limit: maxRecordBytes), line: recordStartLine)
        }
        inRecord = false
        recordOffset = recordStart
        recordLength = length
        recordLine = recordStartLine
        recordIsObject = currentIsObject
        fieldCount = fieldsUsed
        return .record
    }
}
