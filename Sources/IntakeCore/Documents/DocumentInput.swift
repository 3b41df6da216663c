import IntakeSystem
/// What a format's handler opens a claimed file with: the file, how its
/// workspace reads this type, and the observer every byte read must go
/// through (the job's size and SHA-256 are of the file as dropped).
package struct DocumentInput {
    /// The claimed file, opened for reading at offset 0. A text format reads it
    /// through ``decodedText(readsXMLDeclaration:)``; a container format (a ZIP)
    /// may read it at random, but must still pass every byte of the file once,
    /// in order, to ``observer``.
    package let file: FileDescriptor
    /// The import type: its schema names the fields the cursor yields.
    package let type: ImportType
    /// How the workspace reads this type (encoding, aliases, number and date forms).
    package let settings: InputSettings
    /// The extension of the file as dropped, lower case (`ndjson`), for a
    /// rejected file of the same kind.
    package let sourceExtension: String
    /// The configuration's `max_file_bytes`: the most a part of a container may
    /// inflate to.
    package let maxFileBytes: Int64
    /// Counts and hashes the raw bytes read, and notes a NUL byte.
    package let observer = ReadObserver()
    /// How the document's encoding is chosen (its warning and failures are the engine's to report).
    package let encoding: EncodingChoice
    /// The layers the document arrived in (`june.csv.gz`), read through instead
    /// of ``file``; nil for a plain drop. ``observer`` then sees the document
    /// inside them, and the stack's own observer the file as dropped.
    package let layers: LayerStack?

    /// The input of a claimed `file` of `type` in a workspace that reads it with `settings`.
    package init(
        file: FileDescriptor, type: ImportType, settings: InputSettings, sourceExtension: String, maxFileBytes: Int64,
        layers: LayerStack? = nil
    ) {
        self.file = file
        self.layers = layers
        self.type = type
        self.settings = settings
        self.sourceExtension = sourceExtension
        self.maxFileBytes = maxFileBytes
        encoding = EncodingChoice(configured: settings.encoding)
    }

    /// The type's fields.
    package var schema: RecordSchema { type.schema }

    /// The file read front to back as UTF-8, whatever its encoding (see
    /// ``DecodingByteSource``); `readsXMLDeclaration` honours an XML declaration's `encoding`.
    package func decodedText(readsXMLDeclaration: Bool = false) -> InputSource {
        InputSource(layers.map(DocumentBytes.layered) ?? .file(FileByteSource(file)), observer: observer, choice: encoding,
                    xml: readsXMLDeclaration)
    }

    /// The document inside its layers, whole, hashed into ``observer`` (a
    /// workbook, read at random); nil for a plain drop, read from ``file``.
    package func wholeLayeredDocument() throws -> [UInt8]? {
        try layers?.whole(observing: observer, maxBytes: maxFileBytes)
    }
}
