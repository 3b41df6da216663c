import IntakeCore
import IntakeSystem
/// JSON Lines: each non-blank line is one record. A line is found first (its UTF-8
/// checked, its length bounded), then parsed on its own: a line that is not JSON
/// becomes a record with `syntaxError` set instead of failing the document.
extension JSONScanner {
    /// Finds and parses the next non-blank line.
    func scanLines() throws(JSONError) -> Step {
        let base = UnsafePointer(buffer)
        while true {
            var cursor = lineScan
            while cursor < end {
                let byte = base[cursor]
                if byte == Self.lf { break }
                if byte < 0x80 {
                    cursor += 1
                    continue
                }
                let length = UTF8Validator.sequenceLength(base + cursor, available: end - cursor)
                if length > 0 {
                    cursor += length
                    continue
                }
                if length == 0 && !atEOF { break }
                lineStartOffset = absolute(lineStart)
                throw JSONError(.invalidEncoding, line: line, column: column(cursor))
            }
            lineScan = cursor
            let found = cursor < end && base[cursor] == Self.lf
            if !found {
                if cursor - lineStart > maxRecordBytes + 1 {
                    throw JSONError(.recordTooLong(limit: maxRecordBytes), line: line)
                }
                if !atEOF { return .needMore }
                if lineStart == end {
                    if index < 0 { throw JSONError(.empty, line: line) }
                    fieldCount = 0
                    return .end
                }
            }
            var contentEnd = cursor
            if contentEnd > lineStart && base[contentEnd - 1] == Self.cr { contentEnd -= 1 }
            let next = found ? cursor + 1 : cursor
            let start = lineStart
            let isBlank = (start..<contentEnd).allSatisfy {
                base[$0] == 0x20 || base[$0] == 0x09 || base[$0] == Self.cr
            }
            if !isBlank {
                guard contentEnd - start <= maxRecordBytes else {
                    throw JSONError(.recordTooLong(limit: maxRecordBytes), line: line)
                }
                try parseLine(start, contentEnd)
            }
            lineStart = next
            lineScan = next
            line += 1
            if !isBlank { return .record }
        }
    }

    /// Parses `buffer[start..<contentEnd]` as one record.
    private func parseLine(_ start: Int, _ contentEnd: Int) throws(JSONError) {
        index += 1
        lineStartOffset = absolute(start)
        pos = start
        depth = 0
        expect = .value
        inRecord = false
        let lineNumber = line
        do throws(JSONError) {
            guard try scan(limit: contentEnd, eof: true) == .record,
                try scan(limit: contentEnd, eof: true) == .end
            else {
                preconditionFailure("a JSON line parsed to neither a record nor an error")
            }
            syntaxError = nil
        } catch {
            switch error.kind {
            case .syntax, .truncated, .trailingData:
                syntaxError = lineProblem(error)
                inRecord = false
                fieldCount = 0
                recordIsObject = false
            default:
                throw error
            }
        }
        recordOffset = start
        recordLength = contentEnd - start
        recordLine = lineNumber
    }

    /// The text for a line that is not JSON: column, what was expected, what was found.
    private func lineProblem(_ error: JSONError) -> String {
        let place = error.column.map { "column \($0): " } ?? ""
        switch error.kind {
        case .syntax(let expected, let found):
            return place + "expected \(expected), found \(found)"
        case .trailingData(let found):
            return place + "expected the end of the line after the JSON value, found \(found)"
        default:
            return place + "the line ends before the JSON value is complete"
        }
    }
}
