import IntakeCore
import IntakeSystem

/// Writing cells of the errors CSV that a spreadsheet opens safely.
public enum CSVCell {
    /// `text` as one RFC 4180 cell: quoted when it holds `,`, `"`, CR or LF; a cell
    /// starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so that a
    /// spreadsheet never runs it as a formula.
    public static func escape(_ text: String) -> String {
        var value = text
        if let first = value.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) {  // = + - @ tab CR
            value = "'" + value
        }
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        return quoted + "\""
    }

    /// One CSV line from cells, ending in LF.
    public static func line(_ cells: [String]) -> String {
        cells.map(escape).joined(separator: ",") + "\n"
    }
}
