/// The document formats Intake reads, one handler each. Adding a format is one
/// folder under `Formats/` and one line here; nothing in `Engine/` names a format.
enum DocumentFormats {
    /// Every handler, in the order an import type lists its formats.
    static let handlers: [any DocumentHandler] = [
        CSVHandler(),
        XMLHandler(),
        JSONHandler.array,
        JSONHandler.lines,
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

    /// Every extension a drop may have, for messages: `csv, tsv, … or xml`.
    static var extensionList: String {
        let all = handlers.flatMap(\.extensions)
        guard let last = all.last else { return "" }
        return all.count == 1 ? last : all.dropLast().joined(separator: ", ") + " or " + last
    }
}
