/// The document formats Intake reads, one handler each. Adding a format is one
/// folder under `Formats/` and one line here; nothing in `Engine/` names a format.
enum DocumentFormats {
    /// Every handler, in the order an import type lists its formats.
    static let handlers: [any DocumentHandler] = [
        CSVHandler(),
        XMLHandler(),
        JSONHandler.array,
        JSONHandler.lines,
        XLSXHandler(),
    ]

    /// The handler of `format`, or nil for a format no handler reads.
    static func handler(for format: DocumentFormat) -> (any DocumentHandler)? {
        handlers.first { $0.format == format }
    }

    /// The handler of files with extension `ext` (any case), or nil.
    static func handler(forExtension ext: String) -> (any DocumentHandler)? {
        let lower = ext.lowercased()
        return handlers.first { $0.extensions.contains(lower) }
    }

    /// Why a drop with extension `ext` (any case) is refused although a
    /// handler knows its kind (`xls`: save it as .xlsx), or nil.
    static func refusal(forExtension ext: String) -> String? {
        let lower = ext.lowercased()
        for handler in handlers {
            if let message = handler.refusal(forExtension: lower) { return message }
        }
        return nil
    }

    /// Every extension a drop may have, for messages: `csv, tsv, … or xml`.
    static var extensionList: String {
        let all = handlers.flatMap(\.extensions)
        guard let last = all.last else { return "" }
        return all.count == 1 ? last : all.dropLast().joined(separator: ", ") + " or " + last
    }
}
