import IntakeCore
import IntakeSystem
/// Strings: plain runs are copied to the sink in one go; escapes (`\n`, `\u00E9`, a
/// surrogate pair) and UTF-8 sequences are atoms retried from their first byte when
/// the buffer ends inside them.
extension JSONScanner {
    /// Reads string content from `i` up to and including the closing quote.
    func scanString(
        _ base: UnsafePointer<UInt8>, _ i: inout Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Step? {
        let table = UnsafePointer(stringTable)
        var run = i
        while true {
            var cursor = i
            while cursor < limit && table[Int(base[cursor])] == 0 { cursor += 1 }
            i = cursor
            if i == limit {
                try flush(base + run, count: i - run)
                if !eof { return .needMore }
                throw truncated(at: i)
            }
            let byte = base[i]
            if byte == Self.quote {
                try flush(base + run, count: i - run)
                i += 1
                return try stringEnded(end: i)
            }
            if byte == Self.backslash {
                try flush(base + run, count: i - run)
                let consumed = try unescape(base, i, limit, eof)
                if consumed == 0 { return .needMore }
                i += consumed
                run = i
                continue
            }
            if byte >= 0x80 {
                let length = UTF8Validator.sequenceLength(base + i, available: limit - i)
                if length > 0 {
                    i += length
                    continue
                }
                try flush(base + run, count: i - run)
                if length == 0 && !eof { return .needMore }
                throw JSONError(.invalidEncoding, line: line, column: column(i))
            }
            throw JSONError(
                .syntax(
                    expected: "a character or an escape such as \\n inside the string",
                    found: describe(base, i, limit)),
                line: line, column: column(i))
        }
    }

    /// Decodes the escape at `i` (a backslash) into the sink. Returns the bytes it
    /// takes, 0 when the buffer ends inside it and more input may follow.
    private func unescape(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Int {
        guard i + 1 < limit else {
            if eof { throw truncated(at: limit) }
            return 0
        }
        let scalar: UInt32
        var length = 2
        switch base[i + 1] {
        case 0x22: scalar = 0x22
        case 0x5C: scalar = 0x5C
        case 0x2F: scalar = 0x2F
        case 0x62: scalar = 0x08  // b
        case 0x66: scalar = 0x0C  // f
        case 0x6E: scalar = 0x0A  // n
        case 0x72: scalar = 0x0D  // r
        case 0x74: scalar = 0x09  // t
        case 0x75:  // u
            guard let high = try hex4(base, i + 2, limit, eof) else { return 0 }
            length = 6
            switch high {
            case 0xDC00...0xDFFF:
                throw loneSurrogate(at: i)
            case 0xD800...0xDBFF:
                for (offset, expected) in [(6, Self.backslash), (7, UInt8(0x75))] {
                    guard i + offset < limit else {
                        if eof { throw truncated(at: limit) }
                        return 0
                    }
                    guard base[i + offset] == expected else { throw loneSurrogate(at: i) }
                }
                guard let low = try hex4(base, i + 8, limit, eof) else { return 0 }
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(at: i) }
                scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                length = 12
            default:
                scalar = high
            }
        default:
            throw JSONError(
                .syntax(
                    expected: "an escape \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX after '\\'",
                    found: describe(base, i + 1, limit)),
                line: line, column: column(i + 1))
        }
        try emit(scalar)
        return length
    }

    /// The four hex digits at `i`, nil when the buffer ends first and more may follow.
    private func hex4(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard i + offset < limit else {
                if eof { throw truncated(at: limit) }
                return nil
            }
            let byte = base[i + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default:
                throw JSONError(
                    .syntax(
                        expected: "four hexadecimal digits after \\u",
                        found: describe(base, i + offset, limit)),
                    line: line, column: column(i + offset))
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func loneSurrogate(at i: Int) -> JSONError {
        JSONError(
            .syntax(
                expected: "a \\uD800-\\uDBFF escape followed by a \\uDC00-\\uDFFF escape"
                    + " (a surrogate pair)",
                found: "an unpaired surrogate escape"),
            line: line, column: column(i))
    }

    // MARK: sinks

    /// Starts a string value (the opening quote is at `i`).
    func beginString(context: Context, at i: Int) throws(JSONError) {
        valueContext = context
        stringIsKey = false
        sink = .none
        switch context {
        case .recordRoot:
            beginRecord(at: i, isObject: false)
        case .member:
            valueStart = values.count
            sink = .value
        case .keepType:
            envelopeValue.count = 0
            sink = .envelopeValue
        default:
            try checkEnvelopeScalar(context, found: "a string", at: i)
        }
    }

    /// Starts an object key (the opening quote was just read).
    func beginKey() {
        stringIsKey = true
        expect = .string
        switch roles[depth - 1] {
        case .recordObject:
            path.count = prefixes[depth - 1]
            sink = .path
        case .topObject, .dataObject, .attributesObject:
            envelopeKey.count = 0
            envelopeKeyOverflow = false
            sink = .envelopeKey
        default:
            sink = .none
        }
    }

    /// The closing quote was read (it is just before `end`).
    private func stringEnded(end: Int) throws(JSONError) -> Step? {
        if stringIsKey {
            memberContext = try keyContext()
            expect = .colon
            return nil
        }
        switch valueContext {
        case .member:
            try addField(
                .string, keyEnd: path.count, valueStart: valueStart, valueEnd: values.count)
        case .keepType:
            bodyType = String(decoding: envelopeValue.slice(0, envelopeValue.count), as: UTF8.self)
        default:
            break
        }
        return try valueEnded(end: end)
    }

    /// Copies plain string bytes to the sink.
    @inline(__always)
    func flush(_ start: UnsafePointer<UInt8>, count: Int) throws(JSONError) {
        guard count > 0 else { return }
        switch sink {
        case .none:
            break
        case .value:
            values.append(start, count: count)
        case .path:
            path.append(start, count: count)
        case .envelopeKey:
            if envelopeKey.count + count > Self.envelopeKeyLimit {
                envelopeKeyOverflow = true
            } else {
                envelopeKey.append(start, count: count)
            }
        case .envelopeValue:
            envelopeValue.append(start, count: count)
            try checkEnvelopeValueLength()
        }
    }

    /// Writes one decoded escape to the sink.
    private func emit(_ scalar: UInt32) throws(JSONError) {
        switch sink {
        case .none:
            break
        case .value:
            values.appendScalar(scalar)
        case .path:
            path.appendScalar(scalar)
        case .envelopeKey:
            if envelopeKey.count + 4 > Self.envelopeKeyLimit {
                envelopeKeyOverflow = true
            } else {
                envelopeKey.appendScalar(scalar)
            }
        case .envelopeValue:
            envelopeValue.appendScalar(scalar)
            try checkEnvelopeValueLength()
        }
    }
}
