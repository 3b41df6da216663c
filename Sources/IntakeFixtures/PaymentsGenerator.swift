import Glibc

/// Deterministic generator of payments CSV files with a controlled share of
/// invalid rows, each carrying exactly one known defect.
///
/// It mirrors `bench/gen_payments.py` (same columns, same rule for which rows are
/// invalid, same defect rotation and semantics) but uses its own PRNG, so the bytes
/// differ from the Python output. It shares no code with the validators on purpose:
/// it is an independent oracle for them.
public struct PaymentsGenerator: Sendable {
    /// The kind of the single defect in an invalid row, in rotation order.
    public enum Defect: String, CaseIterable, Sendable {
        /// IBAN whose mod-97 check digits are wrong (still 02...98, right length).
        case ibanCheck = "iban_check"
        /// Unknown currency code (EUX, UDS, GPB, ZZZ).
        case currency
        /// Impossible date (2026-02-30, 2026-02-29, 2026-04-31, 2026-13-01).
        case date
        /// Negative or zero amount.
        case amount
        /// Empty beneficiary name.
        case name
        /// BIC of 7, 9 or 10 characters.
        case bicLength = "bic_length"
        /// The payment_id of an earlier valid row.
        case duplicateID = "duplicate_id"
    }

    /// The record terminator.
    public enum LineEnding: Sendable {
        /// "\n" (the default, like the Python script).
        case lf
        /// "\r\n".
        case crlf
    }

    /// Number of data rows (the header is not counted).
    public let rows: Int
    /// PRNG seed; the output depends only on the initializer arguments.
    public let seed: UInt64
    /// Share of invalid rows as an exact fraction, 0 <= numerator <= denominator.
    public let errorRate: (numerator: Int, denominator: Int)
    /// The record terminator used for every line including the header.
    public let lineEnding: LineEnding
    /// Whether the file starts with a UTF-8 byte order mark.
    public let bom: Bool

    /// Target size of the chunks handed to the `write` closure.
    static let chunkSize = 64 * 1024

    /// Creates a generator. Requires `rows >= 0`, `denominator > 0` and
    /// `0 <= numerator <= denominator`.
    public init(
        rows: Int, seed: UInt64, errorRate: (numerator: Int, denominator: Int) = (2, 100),
        lineEnding: LineEnding = .lf, bom: Bool = false
    ) {
        precondition(rows >= 0, "rows must be >= 0")
        precondition(errorRate.denominator > 0, "error rate denominator must be > 0")
        precondition(
            errorRate.numerator >= 0 && errorRate.numerator <= errorRate.denominator,
            "error rate must be between 0 and 1")
        self.rows = rows
        self.seed = seed
        self.errorRate = errorRate
        self.lineEnding = lineEnding
        self.bom = bom
    }

    /// Streams the CSV to `write` in chunks of about 64 KiB; returns the defect counts (every Defect key present).
    public func generate(write: (UnsafeRawBufferPointer) throws -> Void) rethrows -> [Defect: Int] {
        try run(write: write, onInvalid: { _, _ in })
    }

    /// Convenience: the whole file in memory plus the counts, and which rows (0-based) are invalid with which defect.
    public func generateInMemory() -> (bytes: [UInt8], counts: [Defect: Int], invalidRows: [Int: Defect]) {
        var bytes: [UInt8] = []
        var invalidRows: [Int: Defect] = [:]
        let counts = run(
            write: { bytes.append(contentsOf: $0) },
            onInvalid: { invalidRows[$0] = $1 })
        return (bytes, counts, invalidRows)
    }

    /// Writes to a file path (created or truncated, mode 0644); returns counts.
    /// Throws `GeneratorError.io` when the file cannot be opened or written.
    public func write(toFile path: String) throws -> [Defect: Int] {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GeneratorError.io(operation: "open \(path)", errno: errno) }
        var closed = false
        defer { if !closed { _ = close(fd) } }
        let counts = try generate { chunk in try Self.writeAll(fd: fd, chunk, path: path) }
        closed = true
        guard close(fd) == 0 else { throw GeneratorError.io(operation: "close \(path)", errno: errno) }
        return counts
    }

    /// Writes every byte of `chunk` to `fd`, retrying on EINTR and short writes.
    static func writeAll(fd: Int32, _ chunk: UnsafeRawBufferPointer, path: String) throws {
        guard var pointer = chunk.baseAddress else { return }
        var remaining = chunk.count
        while remaining > 0 {
            let n = Glibc.write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw GeneratorError.io(operation: "write \(path)", errno: errno)
            }
            pointer += n
            remaining -= n
        }
    }

    // MARK: - Core

    /// floor(n * numerator / denominator): the number of invalid rows among rows 0..<n.
    func invalidCount(before n: Int) -> Int {
        let product = UInt(n).multipliedFullWidth(by: UInt(errorRate.numerator))
        return Int(UInt(errorRate.denominator).dividingFullWidth(product).quotient)
    }

    /// Whether 0-based row `i` is invalid: floor((i+1)*rate) > floor(i*rate).
    func isInvalid(_ i: Int) -> Bool {
        invalidCount(before: i + 1) > invalidCount(before: i)
    }

    /// The largest valid row index <= `j`, or nil when rows 0...j are all invalid.
    /// Same result as the Python script's walk back, in O(log j).
    func lastValidRow(atOrBefore j: Int) -> Int? {
        guard isInvalid(j) else { return j }
        let validCount = (j + 1) - invalidCount(before: j + 1)
        guard validCount > 0 else { return nil }
        // Smallest t in 0...j with validCount rows valid among 0...t.
        var low = 0, high = j
        while low < high {
            let mid = low + (high - low) / 2
            if (mid + 1) - invalidCount(before: mid + 1) >= validCount { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Generates every row, handing ~64 KiB chunks to `write` and each invalid
    /// row's index and actual defect to `onInvalid`.
    func run(
        write: (UnsafeRawBufferPointer) throws -> Void, onInvalid: (Int, Defect) -> Void
    ) rethrows -> [Defect: Int] {
        var csv = CSVFieldWriter(crlf: lineEnding == .crlf, capacity: Self.chunkSize + 4096)
        if bom { csv.appendRaw([0xEF, 0xBB, 0xBF]) }
        for column in FixtureData.header { csv.field(column) }
        csv.endRecord()

        var counts: [Defect: Int] = [:]
        for kind in Defect.allCases { counts[kind] = 0 }
        var maker = RowMaker(rng: SplitMix64(seed: seed))
        var row = PaymentRow()
        var invalidSoFar = 0  // n_err in the Python script
        var before = 0  // invalidCount(before: i)

        for i in 0..<rows {
            let check = maker.makeValidRow(&row, index: i)
            let after = invalidCount(before: i + 1)
            if after > before {
                let kind = Defect.allCases[invalidSoFar % Defect.allCases.count]
                invalidSoFar += 1
                let actual = applyDefect(kind, to: &row, index: i, check: check, serial: invalidSoFar, rng: &maker.rng)
                counts[actual, default: 0] += 1
                onInvalid(i, actual)
            }
            before = after
            row.write(to: &csv)
            if csv.buffer.count >= Self.chunkSize { try csv.drain(write) }
        }
        try csv.drain(write)
        return counts
    }

    /// Applies one defect of `kind` to the valid `row`; returns the defect actually
    /// applied (duplicate_id falls back to iban_check when no earlier valid row exists).
    /// `serial` is the 1-based number of this invalid row, used to rotate variants.
    private func applyDefect(
        _ kind: Defect, to row: inout PaymentRow, index i: Int, check: Int, serial: Int, rng: inout SplitMix64
    ) -> Defect {
        func wrongCheckDigits() -> Int { 2 + (check - 2 + 1 + rng.below(96)) % 97 }  // 2...98, never `check`
        switch kind {
        case .ibanCheck:
            row.setCheckDigits(wrongCheckDigits())
        case .currency:
            row.currency = FixtureData.badCurrencies[serial % FixtureData.badCurrencies.count]
            // A JPY amount has no decimals; give it the usual two so that the
            // currency code stays the only thing wrong with the row.
            if row.isJPY { row.amount.append(contentsOf: [46, 48, 48]) }  // ".00"
        case .date:
            row.dueDate = FixtureData.badDates[serial % FixtureData.badDates.count]
        case .amount:
            if serial % 2 == 1 {
                row.amount.insert(UInt8(ascii: "-"), at: 0)
            } else {
                row.amount = Array((row.isJPY ? "0" : "0.00").utf8)
            }
        case .name:
            row.name.removeAll(keepingCapacity: true)
        case .bicLength:
            switch serial % 3 {
            case 0: row.bic.removeSubrange(7...)  // 7 characters
            case 1: row.bic.removeSubrange(8...); row.bic.append(ascii: "X")  // 9
            default: row.bic.removeSubrange(8...); row.bic.append(contentsOf: [88, 88])  // 10
            }
        case .duplicateID:
            let j = i > 0 ? rng.below(i) : 0
            if i > 0, let earlier = lastValidRow(atOrBefore: j) {
                row.setID(earlier)
            } else {
                // No earlier valid row to copy: fall back to a bad IBAN.
                row.setCheckDigits(wrongCheckDigits())
                return .ibanCheck
            }
        }
        return kind
    }
}

/// Errors thrown by ``PaymentsGenerator/write(toFile:)``.
public enum GeneratorError: Error, Sendable, CustomStringConvertible {
    /// A system call failed; `errno` is the C error number.
    case io(operation: String, errno: Int32)

    /// A one-line human-readable description.
    public var description: String {
        switch self {
        case let .io(operation, code):
            return "\(operation): \(String(cString: strerror(code)))"
        }
    }
}
