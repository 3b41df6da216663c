import IntakeSystem
/// The bytes of a claimed file as the parsers read them: every raw byte is
/// counted and hashed (the job's SHA-256 is of the file as dropped), then
/// turned into UTF-8 (``DecodingByteSource``) when the document is in another encoding.
package struct InputSource: ByteSource {
    private var source: DecodingByteSource<DocumentBytes>

    package init(_ bytes: DocumentBytes, observer: ReadObserver, choice: EncodingChoice, xml: Bool) {
        source = DecodingByteSource(bytes, choice: choice, xml: xml) { chunk, nulIsBinary in
            observer.observe(chunk, nulIsBinary: nulIsBinary)
            if observer.nulOffset != nil { throw NulByteRead() }
        }
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try source.read(into: buffer)
    }
}

/// Where a document's raw bytes come from: the claimed file, or the layers it arrived in.
package enum DocumentBytes: ByteSource {
    case file(FileByteSource)
    case layered(LayerStack)

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch self {
        case .file(var source):
            let count = try source.read(into: buffer)
            self = .file(source)
            return count
        case .layered(let stack):
            return try stack.read(into: buffer)
        }
    }
}
