/// A borrowed view of raw UTF-8 bytes, as handed out by the file readers.
///
/// The validators in this folder take `Bytes` so that they can run in the
/// ingest hot loop without creating a `String` or allocating: the caller keeps
/// ownership of the memory, which must stay valid for the duration of the call.
public typealias Bytes = UnsafeBufferPointer<UInt8>
