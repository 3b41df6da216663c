import IntakeCore
import IntakeSystem

/// What one hook run printed, cut into the lines that are logged
/// (`event=hook_output`): at most ``limit`` bytes of logged text per run
/// (escapes included), control characters (NUL included) written as `\xNN`,
/// the rest counted and not kept, so a hook printing gigabytes without a line break costs neither
/// memory nor a giant log line.
package struct HookOutput {
    /// The most bytes of output logged per run (spec section 3, "Hook").
    package static let limit = 65_536

    /// Bytes the hook printed.
    package private(set) var total = 0
    /// Bytes of output that went into logged lines (line breaks included).
    package private(set) var kept = 0
    /// The most the logged text of the bytes taken so far can weigh (an
    /// escaped control byte weighs 4, a non-ASCII byte at most 3).
    private var weight = 0
    private var line: [UInt8] = []

    /// Bytes printed and not logged.
    package var dropped: Int { total - kept }

    /// Takes the next chunk of output; returns the lines it completes, escaped.
    package mutating func take(_ chunk: ArraySlice<UInt8>) -> [String] {
        total += chunk.count
        guard weight < HookOutput.limit else { return [] }
        var lines: [String] = []
        for byte in chunk {
            weight += byte < 0x20 || byte == 0x7F ? 4 : byte < 0x80 ? 1 : 3
            if byte == 0x0A {
                lines.append(HookOutput.escaped(line))
                kept += line.count + 1
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
            if weight >= HookOutput.limit - 4 {
                // The budget is spent: log what there is (a line cut short), count the rest.
                if let last = finish() { lines.append(last) }
                weight = HookOutput.limit
                break
            }
        }
        return lines
    }

    /// The last line when it had no line break (or was cut at the limit).
    package mutating func finish() -> String? {
        guard !line.isEmpty else { return nil }
        defer { line.removeAll() }
        kept += line.count
        return HookOutput.escaped(line)
    }

    /// `bytes` as text (invalid UTF-8 as U+FFFD) with every control
    /// character, C0, DEL and C1, written as `\xNN` (`\x00` for NUL), so a
    /// hook cannot forge log lines or send a terminal escape sequence.
    package static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
