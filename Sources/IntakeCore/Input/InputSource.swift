import IntakeSystem
/// The bytes of a claimed file as the parsers read them: every raw byte is
/// counted and hashed (the job's SHA-256 is of the file as dropped), then
/// turned into UTF-8 (``DecodingByteSource``) when the document is in another encoding.
package struct InputSource: ByteSource {
    private var source: DecodingByteSource<FileByteSource>

    package init(_ file: FileDescriptor, observer: ReadObserver, choice: EncodingChoice, xml: Bool) {
        source = DecodingByteSource(FileByteSource(file), choice: choice, xml: xml) { chunk, nulIsBinary in
            observer.observe(chunk, nulIsBinary: nulIsBinary)
            if observer.nulOffset != nil { throw NulByteRead() }
        }
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try source.read(into: buffer)
    }
}
