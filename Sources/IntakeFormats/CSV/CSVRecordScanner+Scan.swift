import IntakeCore
import IntakeSystem
/// The record scanner: one pass over the bytes that splits fields, counts lines and
/// validates UTF-8, and that can stop at any byte and resume after a refill.
extension CSVRecordScanner {
    /// What `scan()` found.
    enum Step {
        /// A record is finished; its fields are readable until the next `beginRecord()`.
        case record
        /// The input ended before another record started.
        case end
        /// The buffered bytes ran out mid-decision: read more and call `scan()` again.
        case needMore
    }

    /// Forgets the finished record and starts scanning the next one.
    func beginRecord() {
        fieldCount = 0
        recordLength = 0
        malformedField = nil
        spanCount = 0
        scanOffset = 0
        fieldOffset = 0
        state = .fieldStart
        newlines = 0
        fieldEscaped = false
        anyEscaped = false
        pendingMalformed = nil
    }

    /// Scans on from where the last `.needMore` stopped.
    func scan() throws(CSVError) -> Step {
        if !bomChecked {
            guard checkBOM() else { return .needMore }
        }
        let quote = Self.quote, lf = Self.lf, cr = Self.cr
        let base = UnsafePointer(buffer)
        let limit = base + end
        let eof = atEOF
        let delimiter = self.delimiter
        let unquoted = UnsafePointer(unquotedTable)
        let quoted = UnsafePointer(quotedTable)
        var spans = self.spans
        var spanCapacity = self.spanCapacity
        var count = spanCount
        var anyEscaped = self.anyEscaped
        var recordStart = base + self.recordStart
        var cursor = recordStart + scanOffset
        var fieldStart = recordStart + fieldOffset
        var state = self.state
        var newlines = self.newlines
        var escaped = fieldEscaped
        var recordLine = self.recordLine
        var quoteLine = self.quoteLine
        var malformed = pendingMalformed
        var recordEnd = cursor
        var step = Step.needMore

        /// Adds the field `fieldStart..<stop`; escaped fields are raw, from the opening quote.
        func addField(_ stop: UnsafePointer<UInt8>) {
            if count == spanCapacity {
                growSpans(keeping: count)
                spans = self.spans
                spanCapacity = self.spanCapacity
            }
            (spans + count).initialize(
                to: Span(start: fieldStart - recordStart, end: stop - recordStart, inScratch: escaped))
            count += 1
            anyEscaped = anyEscaped || escaped
        }

        /// Adds the quoted field that closed just before `cursor`.
        func addQuotedField() {
            if escaped {
                addField(cursor)
            } else {
                fieldStart += 1
                addField(cursor - 1)
            }
        }

        /// Length of the line ending at `cursor` (a CR or LF), 0 when a CR is the last
        /// buffered byte and the next one decides between CR and CRLF.
        func lineEnding() -> Int {
            guard cursor.pointee == cr else { return 1 }
            if cursor + 1 == limit { return eof ? 1 : 0 }
            return cursor[1] == lf ? 2 : 1
        }

        scanning: while true {
            switch state {
            case .fieldStart:
                if cursor == limit {
                    if !eof { break scanning }
                    if count == 0 { step = .end; break scanning }
                    fieldStart = cursor
                    escaped = false
                    addField(cursor)
                    recordEnd = cursor
                    step = .record
                    break scanning
                }
                let byte = cursor.pointee
                if byte == quote {
                    fieldStart = cursor
                    escaped = false
                    quoteLine = recordLine + newlines
                    cursor += 1
                    state = .quoted
                    continue scanning
                }
                if byte == delimiter {
                    fieldStart = cursor
                    escaped = false
                    addField(cursor)
                    cursor += 1
                    continue scanning
                }
                if byte == lf || byte == cr {
                    let length = lineEnding()
                    if length == 0 { break scanning }
                    if count == 0 {  // a blank line between records: skip it
                        cursor += length
                        recordStart = cursor
                        recordLine += 1
                        continue scanning
                    }
                    fieldStart = cursor
                    escaped = false
                    addField(cursor)
                    newlines += 1
                    recordEnd = cursor + length
                    step = .record
                    break scanning
                }
                fieldStart = cursor
                escaped = false
                state = .unquoted
                continue scanning

            case .unquoted:
                // Also the text after a closing quote (`escaped`, fieldStart at the quote).
                cursor = CSVByteMask.skip(cursor, limit: limit, delimiter, lf, cr, table: unquoted)
                if cursor == limit {
                    if !eof { break scanning }
                    addField(cursor)
                    recordEnd = cursor
                    step = .record
                    break scanning
                }
                let byte = cursor.pointee
                if byte == delimiter {
                    addField(cursor)
                    cursor += 1
                    state = .fieldStart
                    continue scanning
                }
                if byte >= 0x80 {
                    let length = UTF8Validator.sequenceLength(cursor, available: limit - cursor)
                    if length > 0 { cursor += length; continue scanning }
                    if length == 0 && !eof { break scanning }
                    throw CSVError(.invalidUTF8, line: recordLine + newlines)
                }
                let length = lineEnding()
                if length == 0 { break scanning }
                addField(cursor)
                newlines += 1
                recordEnd = cursor + length
                step = .record
                break scanning

            case .quoted:
                cursor = CSVByteMask.skip(cursor, limit: limit, quote, lf, cr, table: quoted)
                if cursor == limit {
                    if !eof { break scanning }
                    throw CSVError(.unterminatedQuote, line: quoteLine)
                }
                let byte = cursor.pointee
                if byte == quote {
                    if cursor + 1 == limit {
                        if !eof { break scanning }
                        cursor += 1
                        state = .afterQuote
                    } else if cursor[1] == quote {
                        escaped = true
                        cursor += 2
                    } else {
                        cursor += 1
                        state = .afterQuote
                    }
                    continue scanning
                }
                if byte >= 0x80 {
                    let length = UTF8Validator.sequenceLength(cursor, available: limit - cursor)
                    if length > 0 { cursor += length; continue scanning }
                    if length == 0 && !eof { break scanning }
                    throw CSVError(.invalidUTF8, line: recordLine + newlines)
                }
                let length = lineEnding()
                if length == 0 { break scanning }
                cursor += length
                newlines += 1
                continue scanning

            case .afterQuote:
                // cursor is just past the closing quote.
                if cursor == limit {
                    if !eof { break scanning }
                    addQuotedField()
                    recordEnd = cursor
                    step = .record
                    break scanning
                }
                let byte = cursor.pointee
                if byte == delimiter {
                    addQuotedField()
                    cursor += 1
                    state = .fieldStart
                    continue scanning
                }
                if byte == lf || byte == cr {
                    let length = lineEnding()
                    if length == 0 { break scanning }
                    addQuotedField()
                    newlines += 1
                    recordEnd = cursor + length
                    step = .record
                    break scanning
                }
                // `"abc"x`: keep the rest of the field literally, flag the record.
                if malformed == nil { malformed = count }
                escaped = true
                state = .unquoted
                continue scanning
            }
        }

        self.recordStart = recordStart - base
        self.recordLine = recordLine
        switch step {
        case .needMore:
            self.spans = spans
            self.spanCapacity = spanCapacity
            spanCount = count
            self.anyEscaped = anyEscaped
            scanOffset = cursor - recordStart
            fieldOffset = fieldStart - recordStart
            self.state = state
            self.newlines = newlines
            fieldEscaped = escaped
            self.quoteLine = quoteLine
            pendingMalformed = malformed
        case .end:
            break
        case .record:
            let length = recordEnd - recordStart
            guard length <= maxRecordBytes else {
                throw CSVError(.recordTooLong(limit: maxRecordBytes), line: recordLine)
            }
            recordOffset = recordStart - base
            recordLength = length
            fieldCount = count
            line = recordLine
            malformedField = malformed
            if anyEscaped { unescapeFields() }
            self.recordStart = recordEnd - base
            self.recordLine = recordLine + newlines
        }
        return step
    }
}
