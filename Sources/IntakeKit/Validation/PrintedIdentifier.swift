/// An identifier checked as written and, when that fails, in its electronic
/// form (``ValidationScratch/electronicForm(of:dots:)``): what is stored when
/// valid, or the problem of the electronic form.
///
/// A value already in electronic form, the common case, is checked once and
/// costs nothing more: no copy, no `String`.
enum PrintedIdentifier<Problem> {
    /// Valid; these bytes are the electronic form to store (the value itself
    /// when it was written that way, else a copy in the scratch room).
    case valid(Bytes)
    /// Invalid, even in electronic form.
    case invalid(Problem)

    /// Checks `value` with `validate`, then its electronic form.
    @inline(__always)
    static func check(
        _ value: Bytes, dots: Bool, scratch: ValidationScratch, _ validate: (Bytes) -> Problem?
    ) -> PrintedIdentifier {
        guard let problem = validate(value) else { return .valid(value) }
        guard let compact = scratch.electronicForm(of: value, dots: dots) else { return .invalid(problem) }
        if let again = validate(compact) { return .invalid(again) }
        return .valid(compact)
    }
}
