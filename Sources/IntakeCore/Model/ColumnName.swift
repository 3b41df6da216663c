/// How a column's name is compared with a field's: case-insensitively, with
/// spaces taken as `_` and surrounding spaces ignored (`  Payment ID ` is
/// `payment_id`). One rule for document headers and for the workspace's
/// `column_aliases`.
public enum ColumnName {
    /// `  Payment ID ` -> `payment_id`.
    public static func normalize(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        var out = ""
        var lastWasSpace = false
        for character in trimmed {
            if character == " " || character == "\t" {
                if !lastWasSpace { out.append("_") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }
}
