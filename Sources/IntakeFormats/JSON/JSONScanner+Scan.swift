import IntakeCore
import IntakeSystem
/// The parser's main loop: whitespace, structure and the start of every value. Strings
/// and numbers are in their own files; what a value means is in `+Envelope`/`+Record`.
extension JSONScanner {
    /// Scans `buffer[pos..<limit]`; `eof` says nothing follows `limit`. Returns `.record`
    /// as soon as a record's last byte is read, `.end` when the top-level value is
    /// complete and only whitespace follows it up to an `eof` limit.
    func scan(limit: Int, eof: Bool) throws(JSONError) -> Step {
        let base = UnsafePointer(buffer)
        var i = pos
        defer { pos = i }
        while true {
            switch expect {
            case .value, .firstValueOrEnd:
                i = skipWhitespace(base, i, limit)
                if i == limit {
                    if !eof { return .needMore }
                    if !started { throw JSONError(.empty, line: line) }
                    throw truncated(at: i)
                }
                let byte = base[i]
                if byte == 0x5D && expect == .firstValueOrEnd {  // ]
                    i += 1
                    if let step = try close(end: i, empty: true) { return step }
                    continue
                }
                if let step = try startValue(base, &i, limit, eof) { return step }

            case .firstKeyOrEnd, .key:
                i = skipWhitespace(base, i, limit)
                if i == limit {
                    if !eof { return .needMore }
                    throw truncated(at: i)
                }
                let byte = base[i]
                if byte == Self.quote {
                    i += 1
                    beginKey()
                    continue
                }
                if byte == 0x7D && expect == .firstKeyOrEnd {  // }
                    i += 1
                    if let step = try close(end: i, empty: true) { return step }
                    continue
                }
                let expected =
                    expect == .key ? "a key in double quotes" : "a key in double quotes or '}'"
                return try unexpected(expected, base, i, limit, eof)

            case .colon:
                i = skipWhitespace(base, i, limit)
                if i == limit {
                    if !eof { return .needMore }
                    throw truncated(at: i)
                }
                if base[i] == 0x3A {  // :
                    i += 1
                    expect = .value
                    continue
                }
                return try unexpected("':' after the key", base, i, limit, eof)

            case .commaOrEnd:
                i = skipWhitespace(base, i, limit)
                if i == limit {
                    if !eof { return .needMore }
                    throw truncated(at: i)
                }
                let byte = base[i]
                let role = roles[depth - 1]
                let array = role == .recordList || role == .skipArray
                if byte == 0x2C {  // ,
                    i += 1
                    expect = array ? .value : .key
                    continue
                }
                if byte == (array ? 0x5D : 0x7D) {
                    i += 1
                    if let step = try close(end: i, empty: false) { return step }
                    continue
                }
                return try unexpected(array ? "',' or ']'" : "',' or '}'", base, i, limit, eof)

            case .done:
                i = skipWhitespace(base, i, limit)
                if i == limit { return eof ? .end : .needMore }
                if base[i] >= 0x80, let step = try checkEncoding(base, i, limit, eof) {
                    return step
                }
                throw JSONError(
                    .trailingData(found: describe(base, i, limit)), line: line, column: column(i))

            case .string:
                if let step = try scanString(base, &i, limit, eof) { return step }

            case .number:
                if let step = try scanNumber(base, &i, limit, eof) { return step }
            }
        }
    }

    /// Skips JSON whitespace, counting lines.
    @inline(__always)
    func skipWhitespace(_ base: UnsafePointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        var i = start
        while i < limit {
            let byte = base[i]
            if byte == 0x20 || byte == 0x09 || byte == Self.cr {
                i += 1
            } else if byte == Self.lf {
                i += 1
                line += 1
                lineStartOffset = absolute(i)
            } else {
                break
            }
        }
        return i
    }

    /// Starts the value whose first byte is at `i`. Returns `.needMore` when a literal
    /// is cut by the buffer's end, `.record` when a scalar record root is complete.
    private func startValue(
        _ base: UnsafePointer<UInt8>, _ i: inout Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Step? {
        let byte = base[i]
        started = true
        switch byte {
        case 0x7B, 0x5B:  // { [
            try open(object: byte == 0x7B, context: currentContext(), at: i)
            i += 1
            return nil
        case Self.quote:
            try beginString(context: currentContext(), at: i)
            i += 1
            expect = .string
            return nil
        case 0x2D, 0x30...0x39:  // - 0-9
            try beginNumber(context: currentContext(), at: i)
            numberState = .start
            expect = .number
            return nil
        case 0x74, 0x66, 0x6E:  // t f n
            let word: StaticString = byte == 0x74 ? "true" : byte == 0x66 ? "false" : "null"
            let length = word.utf8CodeUnitCount
            for offset in 0..<length {
                if i + offset == limit {
                    if !eof { return .needMore }
                    throw truncated(at: i + offset)
                }
                if base[i + offset] != word.utf8Start[offset] {
                    return try unexpected("a JSON value (\(word))", base, i + offset, limit, eof)
                }
            }
            let kind: FlatValueKind = byte == 0x6E ? .null : .boolean
            try literal(kind, text: base + i, count: byte == 0x6E ? 0 : length, at: i)
            i += length
            return try valueEnded(end: i)
        default:
            return try unexpected("a JSON value", base, i, limit, eof)
        }
    }

    /// The context of a value starting now, from the innermost open container.
    func currentContext() -> Context {
        if depth == 0 { return lines ? .recordRoot : .top }
        switch roles[depth - 1] {
        case .recordList: return .recordRoot
        case .skipArray: return .skip
        default: return memberContext
        }
    }

    /// Opens an array or object frame, failing past `maxDepth`.
    func push(_ role: Role, prefix: Int, at i: Int) throws(JSONError) {
        guard depth < maxDepth else {
            throw JSONError(.tooDeep(limit: maxDepth), line: line, column: column(i))
        }
        roles[depth] = role
        prefixes[depth] = prefix
        depth += 1
        expect = role == .recordList || role == .skipArray ? .firstValueOrEnd : .firstKeyOrEnd
    }

    /// Closes the innermost container, whose last byte is just before `end`.
    private func close(end: Int, empty: Bool) throws(JSONError) -> Step? {
        depth -= 1
        switch roles[depth] {
        case .recordObject:
            if empty && depth != recordBaseDepth {
                try addField(.object, keyEnd: prefixes[depth] - 1, valueStart: 0, valueEnd: 0)
            }
        case .topObject:
            try finishTopObject(at: end - 1)
        case .dataObject:
            try finishDataObject(at: end - 1)
        default:
            break
        }
        return try valueEnded(end: end)
    }

    /// After a complete value ending just before `end`: finishes the record it closes.
    func valueEnded(end: Int) throws(JSONError) -> Step? {
        expect = depth == 0 ? .done : .commaOrEnd
        if inRecord && depth == recordBaseDepth {
            return try finishRecord(end: end)
        }
        return nil
    }

    // MARK: errors

    /// The document (or, for JSON Lines, the line) ends inside a value.
    func truncated(at i: Int) -> JSONError {
        JSONError(.truncated, line: line, column: column(i))
    }

    /// A byte the grammar does not allow at `i`. Returns `.needMore` only when the byte
    /// starts a UTF-8 sequence cut by the buffer's end (invalid UTF-8 wins over syntax).
    func unexpected(
        _ expected: String, _ base: UnsafePointer<UInt8>, _ i: Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Step {
        if base[i] >= 0x80, let step = try checkEncoding(base, i, limit, eof) { return step }
        throw JSONError(
            .syntax(expected: expected, found: describe(base, i, limit)), line: line,
            column: column(i))
    }

    /// For a byte >= 0x80 outside a string: throws when it is not UTF-8, `.needMore`
    /// when that cannot be told yet, nil when it is a valid character.
    private func checkEncoding(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Step? {
        let length = UTF8Validator.sequenceLength(base + i, available: limit - i)
        if length > 0 { return nil }
        if length == 0 && !eof { return .needMore }
        throw JSONError(.invalidEncoding, line: line, column: column(i))
    }

    /// A person's name for the byte at `i`: `'x'`, `a space`, `U+0001`, `'é'`.
    func describe(_ base: UnsafePointer<UInt8>, _ i: Int, _ limit: Int) -> String {
        guard i < limit else { return lines ? "the end of the line" : "the end of the file" }
        let byte = base[i]
        switch byte {
        case 0x20: return "a space"
        case 0x21..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x80...:
            let length = UTF8Validator.sequenceLength(base + i, available: limit - i)
            if length > 0 {
                let character = UnsafeBufferPointer(start: base + i, count: length)
                return "'\(String(decoding: character, as: UTF8.self))'"
            }
            return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
