import IntakeCore
import IntakeSystem
/// Numbers (checked against the JSON grammar and kept as their literal text, never
/// parsed into a float) and the literals `true`, `false` and `null`.
extension JSONScanner {
    /// Starts a number whose first byte is at `i`.
    func beginNumber(context: Context, at i: Int) throws(JSONError) {
        valueContext = context
        sink = .none
        switch context {
        case .recordRoot:
            beginRecord(at: i, isObject: false)
        case .member:
            valueStart = values.count
            sink = .value
        default:
            try checkEnvelopeScalar(context, found: "a number", at: i)
        }
    }

    /// Reads number bytes from `i` up to the first byte that is not part of it.
    func scanNumber(
        _ base: UnsafePointer<UInt8>, _ i: inout Int, _ limit: Int, _ eof: Bool
    ) throws(JSONError) -> Step? {
        var state = numberState
        let run = i
        var problem: String?
        scanning: while i < limit {
            let byte = base[i]
            let digit = byte &- 0x30 < 10
            switch state {
            case .start:
                state = byte == 0x2D ? .minus : byte == 0x30 ? .zero : .integer
            case .minus:
                guard digit else {
                    problem = "a digit after '-'"
                    break scanning
                }
                state = byte == 0x30 ? .zero : .integer
            case .zero:
                if digit {
                    problem = "'.', 'e' or the end of the number after a leading 0"
                    break scanning
                }
                if byte == 0x2E {
                    state = .dot
                } else if byte | 0x20 == 0x65 {
                    state = .exponentMark
                } else {
                    break scanning
                }
            case .integer:
                if digit {
                    i += 1
                    while i < limit && base[i] &- 0x30 < 10 { i += 1 }
                    continue scanning
                }
                if byte == 0x2E {
                    state = .dot
                } else if byte | 0x20 == 0x65 {
                    state = .exponentMark
                } else {
                    break scanning
                }
            case .dot:
                guard digit else {
                    problem = "a digit after the decimal point"
                    break scanning
                }
                state = .fraction
            case .fraction:
                if digit {
                    i += 1
                    while i < limit && base[i] &- 0x30 < 10 { i += 1 }
                    continue scanning
                }
                guard byte | 0x20 == 0x65 else { break scanning }
                state = .exponentMark
            case .exponentMark:
                if byte == 0x2B || byte == 0x2D {
                    state = .exponentSign
                } else if digit {
                    state = .exponent
                } else {
                    problem = "a digit or a sign in the exponent"
                    break scanning
                }
            case .exponentSign:
                guard digit else {
                    problem = "a digit in the exponent"
                    break scanning
                }
                state = .exponent
            case .exponent:
                guard digit else { break scanning }
            }
            i += 1
        }
        try flush(base + run, count: i - run)
        if let problem {
            numberState = state
            return try unexpected(problem, base, i, limit, eof)
        }
        let complete =
            state == .zero || state == .integer || state == .fraction || state == .exponent
        if i == limit {
            if !eof {
                numberState = state
                return .needMore
            }
            guard complete else { throw truncated(at: i) }
        }
        if valueContext == .member {
            try addField(
                .number, keyEnd: path.count, valueStart: valueStart, valueEnd: values.count)
        }
        return try valueEnded(end: i)
    }

    /// A complete `true`, `false` (`count` bytes of `text`) or `null` (count 0) at `i`.
    func literal(
        _ kind: FlatValueKind, text: UnsafePointer<UInt8>, count: Int, at i: Int
    ) throws(JSONError) {
        switch currentContext() {
        case .recordRoot:
            beginRecord(at: i, isObject: false)
        case .member:
            let start = values.count
            values.append(text, count: count)
            try addField(kind, keyEnd: path.count, valueStart: start, valueEnd: values.count)
        case .keepUpdate where kind == .boolean:
            updatePayments = count == 4
        case let context:
            try checkEnvelopeScalar(context, found: kind == .null ? "null" : "a boolean", at: i)
        }
    }
}
