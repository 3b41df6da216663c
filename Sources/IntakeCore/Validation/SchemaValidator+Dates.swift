/// Date fields: read in the workspace's `date_format` (``CalendarDate/read(_:format:)``),
/// stored as `YYYY-MM-DD`, refused with a message that says what the workspace accepts.
extension SchemaValidator {
    /// Checks date field `name` of `kind` (`.date`, `.pastDate`, `.birthdate`);
    /// returns the bytes to store (the ISO date), or nil with an issue added.
    package func checkDate(_ kind: FieldKind, name: String, _ value: Bytes, issues: inout [Issue]) -> Bytes? {
        // A birthdate is also read as DD/MM/YYYY in an ISO workspace (identity documents write it so).
        let format = kind == .birthdate && dateFormat == .iso ? DateFormat.dayMonthYearSlash : dateFormat
        let reading = CalendarDate.read(value, format: format)
        guard case .date(let date) = reading else {
            issues.append(SchemaValidator.dateIssue(reading, field: name, bytes: value, format: format))
            return nil
        }
        if kind != .date, today < date {
            let description = kind == .pastDate
                ? "\(name) is after today (\(today.iso)); a payment already made has a date in the past"
                : "\(name) is after today"
            issues.append(Issue("date_in_future", field: name, description: description, bytes: value))
            return nil
        }
        // Already `YYYY-MM-DD`: the value itself, no copy.
        if value.count == 10, CalendarDate.parseISO(value) != nil { return value }
        return scratch.store(date.iso.utf8)
    }

    /// `date_invalid` for a value that is not a date the workspace reads.
    package static func dateIssue(_ reading: DateReading, field: String, bytes: Bytes, format: DateFormat) -> Issue {
        let description = switch reading {
        case .timeOfDay(let time):
            "a date, not a date and time: the time \(time) is not midnight; give the day alone"
                + " (this workspace accepts \(format.accepted))"
        case .noSuchDay:
            "no such day in the calendar (read as \(format == .iso ? "YYYY-MM-DD" : format.rawValue)); this workspace accepts \(format.accepted)"
        case .invalid, .date:
            "not a date this workspace reads: it accepts \(format.accepted)"
        }
        return Issue("date_invalid", field: field, description: description, bytes: bytes)
    }
}
