import Glibc

/// A shared library loaded at run time (`dlopen(3)`, `RTLD_NOW | RTLD_LOCAL`),
/// for a library only one command needs (libpq, libmicrohttpd). Never closed: its functions
/// stay callable for the life of the process.
package struct DynamicLibrary: @unchecked Sendable {
    // @unchecked: the handle is only passed to dlsym, which is thread-safe, and never closed.
    private let handle: UnsafeMutableRawPointer

    /// Loads `name`; throws the loader's own words when it cannot.
    package init(_ name: String) throws(DynamicLibraryError) {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            throw DynamicLibraryError(reason: dlerror().map { String(cString: $0) } ?? "not found")
        }
        self.handle = handle
    }

    /// The function `name` as the C function type `F` (a `@convention(c)`
    /// type of the library's header), or `missing(name)` thrown when the
    /// library has no such symbol.
    package func function<F, Failure: Error>(
        _ name: String, as type: F.Type, missing: (String) -> Failure
    ) throws(Failure) -> F {
        guard let address = dlsym(handle, name) else { throw missing(name) }
        return unsafeBitCast(address, to: type)
    }
}

/// Why ``DynamicLibrary`` could not load a library: the loader's message.
package struct DynamicLibraryError: Error, Sendable {
    package let reason: String
}
