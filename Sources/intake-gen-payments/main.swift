// intake-gen-payments: writes a deterministic payments CSV with known defects.
//
//   intake-gen-payments --rows N [--seed S] [--error-rate 0.02] [--crlf] [--bom] [--out FILE]
//
// The CSV goes to stdout (or FILE); a summary in the format of
// bench/gen_payments.py goes to stderr. Bad usage exits 64 with one line.

import Glibc
import IntakeFixtures

let usage = "usage: intake-gen-payments --rows N [--seed S] [--error-rate 0.02] [--crlf] [--bom] [--out FILE]"

/// Writes `text` to stderr.
func printError(_ text: String) {
    var line = Array(text.utf8)
    line.append(10)
    line.withUnsafeBytes { bytes in
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(STDERR_FILENO, pointer, remaining)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            pointer += n
            remaining -= n
        }
    }
}

/// Reports bad usage on one line and exits 64 (EX_USAGE).
func usageError(_ message: String) -> Never {
    printError("intake-gen-payments: \(message) (\(usage.dropFirst(7)))")
    exit(64)
}

/// Parses a decimal like "0.02", "1", ".5" or "1.0" into an exact fraction
/// (e.g. 2/100), or nil when it is not a plain non-negative decimal.
func parseDecimalFraction(_ text: String) -> (numerator: Int, denominator: Int)? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0]
    let written = parts.count > 1 ? parts[1] : ""
    guard !whole.isEmpty || !written.isEmpty else { return nil }  // "", "."
    var fraction = written
    while fraction.last == "0" { fraction = fraction.dropLast() }  // "1.000" is 1/1
    guard fraction.count <= 18,
        (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    var denominator = 1
    for _ in 0..<fraction.count { denominator *= 10 }
    let digits = (whole + fraction).drop { $0 == "0" }
    guard digits.count <= 18 else { return nil }
    let numerator = digits.isEmpty ? 0 : Int(digits) ?? -1
    guard numerator >= 0 else { return nil }
    // Reduce by the greatest common divisor.
    var a = numerator, b = denominator
    while b != 0 { (a, b) = (b, a % b) }
    return a > 1 ? (numerator / a, denominator / a) : (numerator, denominator)
}

/// The parsed command line.
struct Options {
    var rows = 0
    var seed: UInt64 = 1
    var rateText = "0.02"
    var rate = (numerator: 2, denominator: 100)
    var crlf = false
    var bom = false
    var outPath: String?

    /// Parses the arguments after the program name; exits 64 on bad usage.
    static func parse(_ argv: [String]) -> Options {
        var options = Options()
        var sawRows = false
        var arguments = argv[...]
        func value(for option: String) -> String {
            guard let next = arguments.popFirst() else { usageError("\(option) needs a value") }
            return next
        }
        while let argument = arguments.popFirst() {
            switch argument {
            case "--rows":
                guard let n = Int(value(for: argument)), n >= 0 else { usageError("--rows must be an integer >= 0") }
                options.rows = n
                sawRows = true
            case "--seed":
                guard let s = UInt64(value(for: argument)) else { usageError("--seed must be an integer in 0...2^64-1") }
                options.seed = s
            case "--error-rate":
                options.rateText = value(for: argument)
                guard let r = parseDecimalFraction(options.rateText), r.numerator <= r.denominator else {
                    usageError("--error-rate must be a decimal between 0 and 1, e.g. 0.02")
                }
                options.rate = r
            case "--crlf": options.crlf = true
            case "--bom": options.bom = true
            case "--out": options.outPath = value(for: argument)
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                usageError("unknown argument '\(argument)'")
            }
        }
        guard sawRows else { usageError("--rows is required") }
        return options
    }
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let rowCount = options.rows
let seed = options.seed
let rateText = options.rateText
let outPath = options.outPath

let generator = PaymentsGenerator(
    rows: rowCount, seed: seed, errorRate: options.rate, lineEnding: options.crlf ? .crlf : .lf,
    bom: options.bom)
let clock = ContinuousClock()
let start = clock.now
let counts: [PaymentsGenerator.Defect: Int]
do {
    if let path = outPath {
        counts = try generator.write(toFile: path)
    } else {
        counts = try generator.generate { chunk in
            guard var pointer = chunk.baseAddress else { return }
            var remaining = chunk.count
            while remaining > 0 {
                let n = write(STDOUT_FILENO, pointer, remaining)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GeneratorError.io(operation: "write stdout", errno: errno)
                }
                pointer += n
                remaining -= n
            }
        }
    }
} catch {
    printError("intake-gen-payments: \(error)")
    exit(1)
}
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let hundredths = Int((seconds * 100).rounded())
let secondsText = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
let invalid = counts.values.reduce(0, +)

printError("rows=\(rowCount) seed=\(seed) error_rate=\(rateText) invalid=\(invalid) seconds=\(secondsText)")
for kind in PaymentsGenerator.Defect.allCases {
    let name = kind.rawValue
    let padding = String(repeating: " ", count: max(0, 13 - name.count))
    printError("  \(name)\(padding) \(counts[kind] ?? 0)")
}
