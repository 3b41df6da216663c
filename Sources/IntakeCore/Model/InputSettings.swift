/// How one workspace's documents of one type are read (`intake.json`,
/// `workspaces.ID.types.TYPE`): ERP exports are rarely clean UTF-8 with our names.
public struct InputSettings: Equatable, Sendable {
    /// The documents' character encoding; other encodings are turned into UTF-8 as they are read.
    public var encoding: TextEncoding = .utf8
    /// Accept `1234,56` as an amount (for `;`-separated exports).
    public var decimalComma = false
    /// How dates are written (`date_format`); stored as ISO 8601 whatever the input.
    public var dateFormat = DateFormat.iso
    /// The thousands separator amounts may hold (`thousands_separator`), or nil for none.
    public var thousandsSeparator: ThousandsSeparator?
    /// Document names of fields: normalised alias (`montant`) to canonical field name (`amount`).
    public var columnAliases: [String: String] = [:]
    /// Any failed row fails the whole document and nothing is stored.
    public var allOrNothing = false

    /// The defaults: UTF-8, `.` decimals, canonical names, rows stored one by one.
    public init() {}
}

/// A document character encoding Intake reads.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (the default; a BOM is allowed).
    case utf8 = "utf-8"
    /// Windows code page 1252 (Western European, what Excel on Windows exports).
    case windows1252 = "windows-1252"
    /// ISO 8859-1 (Latin-1).
    case iso88591 = "iso-8859-1"
}
