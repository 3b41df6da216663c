import IntakeCore
import IntakeSystem
/// The one way the streaming readers move their read buffer to a new size.
enum ReadBuffer {
    /// A new buffer of `capacity` bytes holding `count` bytes copied from
    /// `old + offset`; `old` is freed.
    static func moved(
        _ old: UnsafeMutablePointer<UInt8>, from offset: Int = 0, count: Int, capacity: Int
    ) -> UnsafeMutablePointer<UInt8> {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: old + offset, count: count)
        old.deallocate()
        return grown
    }
}
