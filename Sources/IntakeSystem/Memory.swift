import Glibc

/// The C library's memory primitives the parsers' read buffers use, inlined
/// across the target wall (`@inlinable`) so the hot loops cost what they did.
package enum Memory {
    /// Moves `count` bytes from `source` to `destination`; the regions may overlap (`memmove(3)`).
    @inlinable @inline(__always)
    package static func move(_ destination: UnsafeMutablePointer<UInt8>, from source: UnsafePointer<UInt8>, count: Int) {
        memmove(destination, source, count)
    }

    /// Whether `count` bytes at `a` and `b` are equal (`memcmp(3)`).
    @inlinable @inline(__always)
    package static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }
}
