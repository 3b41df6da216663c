/// What comes before the first record: the UTF-8 byte order mark, blank lines and the
/// header line that decides the delimiter. All of it resumable like `scan()`.
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

    /// Chooses the delimiter from the header line: ';' when it occurs more often than
    /// ',' outside quotes, ',' otherwise. False when more input is needed first.
    ///
    /// The delimiter is not known yet, so a quote opens a quoted section only at the
    /// start of the line or right after a ',' or ';'; elsewhere it is literal.
    func detectDelimiter() -> Bool {
        if !bomChecked {
            guard checkBOM() else { return false }
        }
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
                setDelimiter(semicolonCount > commaCount ? Self.semicolon : Self.comma)
                return true
            case Self.quote:
                detectInQuotes = detectAtFieldStart
                detectAtFieldStart = false
            case Self.comma:
                commaCount += 1
                detectAtFieldStart = true
            case Self.semicolon:
                semicolonCount += 1
                detectAtFieldStart = true
            default:
                detectAtFieldStart = false
            }
            index += 1
        }
        detectOffset = index - recordStart
        guard atEOF && index == end else { return false }
        setDelimiter(semicolonCount > commaCount ? Self.semicolon : Self.comma)
        return true
    }
}
