import IntakeCore
import IntakeSystem
/// What comes before the first record: the UTF-8 byte order mark, blank lines, Excel's
/// `sep=X` line and the header line that decides the delimiter. All of it resumable
/// like `scan()`.
extension CSVRecordScanner {
    /// Skips a UTF-8 BOM (`EF BB BF`) at the very start. False when fewer than three
    /// bytes are buffered and the input has not ended yet.
    func checkBOM() -> Bool {
        let available = end - recordStart
        if available < 3 && !atEOF { return false }
        if available >= 3 && buffer[recordStart] == 0xEF && buffer[recordStart + 1] == 0xBB
            && buffer[recordStart + 2] == 0xBF
        {
            recordStart += 3
            hadBOM = true
        }
        bomChecked = true
        return true
    }

    /// Skips blank lines before the header, counting them. False when more input is
    /// needed to reach either a non-blank byte or the end of input.
    func skipBlankLines() -> Bool {
        while recordStart < end {
            let byte = buffer[recordStart]
            if byte == Self.lf {
                recordStart += 1
            } else if byte == Self.cr {
                if recordStart + 1 == end {
                    if !atEOF { return false }
                    recordStart += 1
                } else {
                    recordStart += buffer[recordStart + 1] == Self.lf ? 2 : 1
                }
            } else {
                return true
            }
            recordLine += 1
        }
        return atEOF
    }

    /// Reads Excel's `sep=X` line (any case, `X` one ASCII punctuation byte or a
    /// tab, then a line ending) when the document starts with one: it sets the
    /// delimiter, is kept for the rejected file and is not the header. False when
    /// more input is needed to tell.
    func checkSeparatorLine() -> Bool {
        let available = end - recordStart
        if available < 7 && !atEOF { return false }
        sepChecked = true
        guard available >= 5 else { return true }
        let start = buffer + recordStart
        let lower = (0..<4).map { start[$0] | 0x20 }
        guard lower == Array("sep=".utf8) else { return true }
        let byte = start[4]
        guard byte == Self.tab || (byte > 0x20 && byte < 0x7F && byte != Self.quote && !(byte >= 0x30 && byte <= 0x39)
            && !(byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A))
        else { return true }
        var length = 5
        if available > 5 {
            guard start[5] == Self.lf || start[5] == Self.cr else { return true }
            length = start[5] == Self.cr && available > 6 && start[6] == Self.lf ? 7 : 6
            if start[5] == Self.cr && available == 6 && !atEOF {
                sepChecked = false
                return false
            }
        }
        separatorLine = Array(UnsafeBufferPointer(start: start, count: length))
        recordStart += length
        recordLine += 1
        explicitDelimiter = true
        setDelimiter(byte)
        return true
    }

    /// Chooses the delimiter from the header line: whichever of ',' ';' tab and '|'
    /// occurs most often outside quotes (',' then ';' then tab on a tie, ',' when none
    /// does); the `sep=` line's when there is one. False when more input is needed first.
    ///
    /// The delimiter is not known yet, so a quote opens a quoted section only at the
    /// start of the line or right after a candidate delimiter; elsewhere it is literal.
    func detectDelimiter() -> Bool {
        if !bomChecked {
            guard checkBOM() else { return false }
        }
        if !sepChecked {
            guard skipBlankLines() else { return false }
            guard checkSeparatorLine() else { return false }
        }
        if explicitDelimiter { return true }
        if detectOffset == 0 {
            guard skipBlankLines() else { return false }
        }
        var index = recordStart + detectOffset
        scanning: while index < end {
            let byte = buffer[index]
            if detectInQuotes {
                if byte == Self.quote {
                    if index + 1 == end {
                        if !atEOF { break scanning }
                    } else if buffer[index + 1] == Self.quote {
                        index += 2
                        continue scanning
                    }
                    detectInQuotes = false
                }
                index += 1
                continue scanning
            }
            switch byte {
            case Self.lf, Self.cr:
                setDelimiter(chosenDelimiter())
                return true
            case Self.quote:
                detectInQuotes = detectAtFieldStart
                detectAtFieldStart = false
            case Self.comma, Self.semicolon, Self.tab, Self.pipe:
                delimiterCounts[Self.candidates.firstIndex(of: byte) ?? 0] += 1
                detectAtFieldStart = true
            default:
                detectAtFieldStart = false
            }
            index += 1
        }
        detectOffset = index - recordStart
        guard atEOF && index == end else { return false }
        setDelimiter(chosenDelimiter())
        return true
    }

    /// Forgets the delimiter counted on the previous line, to detect it again
    /// from the next one (the header below a title); a `sep=` line's stays.
    func restartDetection() {
        detectOffset = 0
        detectInQuotes = false
        detectAtFieldStart = true
        for index in delimiterCounts.indices { delimiterCounts[index] = 0 }
    }

    /// The candidate counted most often in the header, the earliest on a tie.
    private func chosenDelimiter() -> UInt8 {
        var best = 0
        for index in Self.candidates.indices where delimiterCounts[index] > delimiterCounts[best] { best = index }
        return Self.candidates[best]
    }
}
