import IntakeCore
import IntakeSystem
/// The document formats Intake reads. Adding a format is one folder in
/// IntakeFormats and one line here; the engine names no format.
extension DocumentHandlers {
    /// Every handler Intake has, in the order an import type lists its formats.
    public static let standard = DocumentHandlers([
        CSVHandler(),
        XMLHandler(),
        JSONHandler.array,
        JSONHandler.lines,
        XLSXHandler(),
    ], layers: [GzipLayer(), ZipLayer()])
}

extension ImportType {
    /// The document formats the type accepts, in the order of ``DocumentHandlers/standard``.
    public var formats: [DocumentFormat] {
        DocumentHandlers.standard.formats(for: self)
    }
}

extension DocumentFormat {
    /// The format for a file extension (any case), or nil when no handler reads it.
    public init?(extension ext: String) {
        guard let format = DocumentHandlers.standard.format(forExtension: ext) else { return nil }
        self = format
    }
}
