/// The document formats a process reads, one handler each, in the order an
/// import type lists its formats. The engine is given this value (it links
/// no format): IntakeFormats' ``standard`` is what the commands pass.
public struct DocumentHandlers: Sendable {
    /// Every handler, in order.
    package let all: [any DocumentHandler]

    /// The handlers `all`, in the order an import type lists its formats.
    package init(_ all: [any DocumentHandler]) {
        self.all = all
    }

    /// The handler of `format`, or nil for a format no handler reads.
    package func handler(for format: DocumentFormat) -> (any DocumentHandler)? {
        all.first { $0.format == format }
    }

    /// The handler of files with extension `ext` (any case), or nil.
    package func handler(forExtension ext: String) -> (any DocumentHandler)? {
        let lower = ext.lowercased()
        return all.first { $0.extensions.contains(lower) }
    }

    /// The format of files with extension `ext` (any case), or nil when no handler reads it.
    package func format(forExtension ext: String) -> DocumentFormat? {
        handler(forExtension: ext)?.format
    }

    /// The formats `type` accepts, in order.
    package func formats(for type: ImportType) -> [DocumentFormat] {
        all.filter { $0.accepts(type) }.map(\.format)
    }

    /// Why a drop with extension `ext` (any case) is refused although a
    /// handler knows its kind (`xls`: save it as .xlsx), or nil.
    package func refusal(forExtension ext: String) -> String? {
        let lower = ext.lowercased()
        for handler in all {
            if let message = handler.refusal(forExtension: lower) { return message }
        }
        return nil
    }

    /// The format a claimed file whose extension no handler reads is tried as
    /// (recovery of a job whose name lost its meaning): the first handler's.
    package var fallback: DocumentFormat {
        all.first?.format ?? DocumentFormat(rawValue: "")
    }

    /// Every extension a drop may have, for messages: `csv, tsv, … or xml`.
    package var extensionList: String {
        let extensions = all.flatMap(\.extensions)
        guard let last = extensions.last else { return "" }
        return extensions.count == 1 ? last : extensions.dropLast().joined(separator: ", ") + " or " + last
    }
}
