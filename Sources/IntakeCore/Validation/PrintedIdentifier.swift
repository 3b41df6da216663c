/// An identifier checked as written and, when that fails, in its electronic
/// form (``ValidationScratch/electronicForm(of:dots:groups:)``): what is stored when
/// valid, or the problem of the electronic form.
///
/// A value already in electronic form, the common case, is checked once and
/// costs nothing more: no copy, no `String`.
package enum PrintedIdentifier<Problem> {
    /// Valid; these bytes are the electronic form to store (the value itself
    /// when it was written that way, else a copy in the scratch room).
    case valid(Bytes)
    /// Invalid, even in electronic form.
    case invalid(Problem)

    /// Checks `value` with `validate`, then its electronic form: spaces removed
    /// (dots too when `dots`; `-` and `.` between groups when `groups`, see
    /// ``PrintedGroups/isSeparator(_:at:)``).
    @inline(__always)
    package static func check(
        _ value: Bytes, dots: Bool, groups: Bool = false, scratch: ValidationScratch, _ validate: (Bytes) -> Problem?
    ) -> PrintedIdentifier {
        guard let problem = validate(value) else { return .valid(value) }
        guard let compact = scratch.electronicForm(of: value, dots: dots, groups: groups) else { return .invalid(problem) }
        if let again = validate(compact) { return .invalid(again) }
        return .valid(compact)
    }
}

/// How identifiers are printed in groups: an IBAN as `ES15-0049-1806-…` or
/// `NO44 1850.05.14562`, a bank code as `12-34-56` or `062.000`.
package enum PrintedGroups {
    /// Whether byte `index` of `value` is a `-` or `.` printed between two
    /// groups: it stands between a letter or digit and another. Such a
    /// separator is read like a space; anywhere else (`-ES15…`, `…1806-`,
    /// `1806--1`) it is kept, for the identifier's check to refuse.
    @inline(__always)
    package static func isSeparator(_ value: Bytes, at index: Int) -> Bool {
        let byte = value[index]
        guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "."), index > 0, index + 1 < value.count else { return false }
        return isLetterOrDigit(value[index - 1]) && isLetterOrDigit(value[index + 1])
    }

    @inline(__always)
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        ASCIIScan.isDigit(byte) || ASCIIScan.isUpper(byte & 0xDF)
    }
}
