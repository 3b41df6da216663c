/// The document formats a process reads, one handler each, in the order an
/// import type lists its formats. The engine is given this value (it links
/// no format): IntakeFormats' ``standard`` is what the commands pass.
public struct DocumentHandlers: Sendable {
    /// Every handler, in order.
    package let all: [any DocumentHandler]
    /// The layers a document may arrive in (`.gz`, `.zip`, `.pgp`), named after its extension.
    package let layers: [any DocumentLayer]

    /// The handlers `all`, in the order an import type lists its formats, and the `layers` drops may have.
    package init(_ all: [any DocumentHandler], layers: [any DocumentLayer] = []) {
        self.all = all
        self.layers = layers
    }

    /// These handlers with `more` layers besides their own.
    package func adding(layers more: [any DocumentLayer]) -> DocumentHandlers {
        DocumentHandlers(all, layers: layers + more)
    }

    /// Most layers one drop may have (`june.csv.gz.pgp` has two).
    package static let deepestLayers = 3

    /// The document's own extension in `fileName` (lower case, `csv` of
    /// `june.CSV.gz.pgp`; empty when the name has none) and its layers,
    /// outermost first (the last extension is the outermost layer).
    package func split(_ fileName: String) -> (documentExtension: String, layers: [any DocumentLayer]) {
        var parts = fileName.split(separator: ".", omittingEmptySubsequences: false).dropFirst().map { $0.lowercased() }
        var found: [any DocumentLayer] = []
        while found.count < Self.deepestLayers, let last = parts.last,
              let layer = layers.first(where: { $0.extensions.contains(last) }) {
            found.append(layer)
            parts.removeLast()
        }
        return (parts.last ?? "", found)
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

    /// Every extension a drop may have, for messages: `csv, tsv, … or xml`
    /// (then the layers': `, optionally followed by gz, zip, pgp, gpg or asc`).
    package var extensionList: String {
        let layerExtensions = layers.flatMap(\.extensions)
        let list = Self.list(all.flatMap(\.extensions))
        return layerExtensions.isEmpty ? list : list + ", optionally followed by " + Self.list(layerExtensions)
    }

    private static func list(_ extensions: [String]) -> String {
        guard let last = extensions.last else { return "" }
        return extensions.count == 1 ? last : extensions.dropLast().joined(separator: ", ") + " or " + last
    }
}
