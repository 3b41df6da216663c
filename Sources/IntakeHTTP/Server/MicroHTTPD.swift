import CMicroHTTPD
import IntakeSystem

/// libmicrohttpd, loaded with `dlopen` the first time `intake serve` starts:
/// no other command maps it (nor the GnuTLS it links), as libpq is loaded only
/// in PostgreSQL mode. Each function is looked up once, with the exact type of
/// its declaration in `microhttpd.h` (`shim.h` derives them).
package struct MicroHTTPD: @unchecked Sendable {
    // Sendable: immutable C function pointers, resolved once.
    let startDaemon: intake_MHD_start_daemon
    let stopDaemon: intake_MHD_stop_daemon
    let lookupConnectionValue: intake_MHD_lookup_connection_value
    let getConnectionValues: intake_MHD_get_connection_values
    let createResponseFromBuffer: intake_MHD_create_response_from_buffer
    let createResponseFromCallback: intake_MHD_create_response_from_callback
    let addResponseHeader: intake_MHD_add_response_header
    let queueResponse: intake_MHD_queue_response
    let destroyResponse: intake_MHD_destroy_response

    /// The library, or why it cannot be loaded.
    static let loaded = Result { () throws(ServeError) -> MicroHTTPD in try MicroHTTPD() }

    /// The library's functions; throws when it is missing.
    static func functions() throws(ServeError) -> MicroHTTPD {
        switch loaded {
        case .success(let library): return library
        case .failure(let error): throw error
        }
    }

    private init() throws(ServeError) {
        let handle: DynamicLibrary
        do {
            handle = try DynamicLibrary("libmicrohttpd.so.12")
        } catch {
            throw ServeError("intake serve needs libmicrohttpd (\(error.reason)); install it with `apt-get install -y libmicrohttpd12`")
        }
        func symbol<F>(_ name: String, _ type: F.Type) throws(ServeError) -> F {
            try handle.function(name, as: type) { ServeError("the installed libmicrohttpd has no \($0); install libmicrohttpd12 0.9.71 or later") }
        }
        startDaemon = try symbol("MHD_start_daemon", intake_MHD_start_daemon.self)
        stopDaemon = try symbol("MHD_stop_daemon", intake_MHD_stop_daemon.self)
        lookupConnectionValue = try symbol("MHD_lookup_connection_value", intake_MHD_lookup_connection_value.self)
        getConnectionValues = try symbol("MHD_get_connection_values", intake_MHD_get_connection_values.self)
        createResponseFromBuffer = try symbol("MHD_create_response_from_buffer", intake_MHD_create_response_from_buffer.self)
        createResponseFromCallback = try symbol("MHD_create_response_from_callback", intake_MHD_create_response_from_callback.self)
        addResponseHeader = try symbol("MHD_add_response_header", intake_MHD_add_response_header.self)
        queueResponse = try symbol("MHD_queue_response", intake_MHD_queue_response.self)
        destroyResponse = try symbol("MHD_destroy_response", intake_MHD_destroy_response.self)
    }
}

/// Why `intake serve` cannot start or go on: what failed and what to do.
package struct ServeError: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
