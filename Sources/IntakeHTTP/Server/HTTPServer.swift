import CMicroHTTPD
import IntakeCore
import IntakeSystem

/// An HTTP server on libmicrohttpd: a thread per connection (at most
/// `connections`), idle connections closed after `idleSeconds`, the request
/// line and headers within `headerBytes`, bodies within `bodyLimit` and cut
/// when still arriving after `bodySeconds`. Every request is handed whole to
/// `handler` (``HTTPRequest`` in, ``HTTPResponse`` out) and logged
/// (`event=http`, never a token).
package final class HTTPServer: @unchecked Sendable {
    // @unchecked: immutable after init; libmicrohttpd calls in from its threads,
    // each request's own state lives in its ``RequestState``.
    /// What the server needs to know.
    package struct Settings: Sendable {
        package var host = "127.0.0.1"
        package var port: UInt16 = 8080
        package var bodyLimit: Int64 = 2_147_483_648
        package var bodySeconds = 30.0
        package var idleSeconds: UInt32 = 30
        package var headerBytes = 16 << 10
        package var connections: UInt32 = 64
        package var tlsKeyPEM: String?
        package var tlsCertPEM: String?
        /// Where a body larger than `spillAbove` is kept while it arrives (nil: in memory).
        package var spillFolder: String?
        package var spillAbove = 1 << 20
        package init() {}
    }

    let library: MicroHTTPD
    let settings: Settings
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let logger: Logger
    private var daemon: OpaquePointer?

    /// Starts serving; throws when the address is bad or taken.
    package init(settings: Settings, logger: Logger, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(ServeError) {
        library = try MicroHTTPD.functions()
        self.settings = settings
        self.logger = logger
        self.handler = handler
        var limits = intake_mhd_limits()
        limits.connections = settings.connections
        limits.idle_seconds = settings.idleSeconds
        // libmicrohttpd's per-connection pool holds the request line and headers; twice the
        // header limit leaves room for its read buffer.
        limits.connection_memory = settings.headerBytes * 2
        var badHost: Int32 = 0
        let me = Unmanaged.passUnretained(self).toOpaque()
        let started: OpaquePointer? = withOptionalCString(settings.tlsKeyPEM) { key in
            withOptionalCString(settings.tlsCertPEM) { cert in
                limits.tls_key_pem = key
                limits.tls_cert_pem = cert
                return intake_mhd_start(library.startDaemon, settings.host, settings.port, limits,
                                        HTTPServer.access, me, HTTPServer.completed, &badHost)
            }
        }
        guard let started else {
            if badHost != 0 {
                throw ServeError("serve.listen: \"\(settings.host)\" is not an IP address; give one such as 127.0.0.1 or ::1")
            }
            throw ServeError("cannot listen on \(settings.host):\(settings.port) (the port is in use, or needs privileges, or the TLS key and certificate do not match); choose another with --listen HOST:PORT")
        }
        daemon = started
    }

    /// Stops accepting and closes every connection.
    package func stop() {
        if let daemon { library.stopDaemon(daemon) }
        daemon = nil
    }

    private static let access: MHD_AccessHandlerCallback = { cls, connection, url, method, _, upload, uploadSize, state in
        guard let cls, let connection, let url, let method, let uploadSize, let state else { return .NO }
        let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
        return server.access(connection, url: String(cString: url), method: String(cString: method),
                             upload: upload, uploadSize: uploadSize, state: state)
    }

    private static let completed: MHD_RequestCompletedCallback = { _, _, state, _ in
        guard let state, let raw = state.pointee else { return }
        Unmanaged<RequestState>.fromOpaque(raw).release()
        state.pointee = nil
    }

    private func access(
        _ connection: OpaquePointer, url: String, method: String, upload: UnsafePointer<CChar>?,
        uploadSize: UnsafeMutablePointer<Int>, state: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> MHD_Result {
        guard let raw = state.pointee else {
            let fresh = RequestState(started: MonotonicClock.seconds())
            state.pointee = Unmanaged.passRetained(fresh).toOpaque()
            // libmicrohttpd refuses what overflows its pool (twice the limit); this holds the limit itself.
            let headerSize = method.utf8.count + url.utf8.count + 11 + bytes(connection, .HEADER_KIND) + bytes(connection, .GET_ARGUMENT_KIND)
            if headerSize > settings.headerBytes {
                return respond(connection, RequestLine(method: method, path: url), fresh, .error(
                    431, "headers_too_large", "Request header fields too large",
                    "the request line and headers have \(headerSize) bytes; at most \(settings.headerBytes) are accepted"))
            }
            let declared = header(connection, "Content-Length").flatMap { Int64($0) } ?? 0
            if declared > settings.bodyLimit {
                return respond(connection, RequestLine(method: method, path: url), fresh, .error(
                    413, "payload_too_large", "Payload too large",
                    "the body has \(declared) bytes; at most \(settings.bodyLimit) (max_file_bytes) are accepted"))
            }
            return .YES
        }
        let request = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
        if uploadSize.pointee > 0 {
            if MonotonicClock.seconds() - request.started > settings.bodySeconds {
                logger.log(.warning, "http_body_too_slow", ["method": method, "path": url])
                return .NO
            }
            if let upload, !request.tooLarge {
                let chunk = UnsafeRawPointer(upload).bindMemory(to: UInt8.self, capacity: uploadSize.pointee)
                do {
                    try request.append(UnsafeBufferPointer(start: chunk, count: uploadSize.pointee), limit: settings.bodyLimit,
                                       spillFolder: settings.spillFolder, spillAbove: settings.spillAbove)
                } catch {
                    return respond(connection, RequestLine(method: method, path: url), request, .error(
                        503, "body_not_kept", "Service unavailable", "the request's body could not be kept (\(error)); try again later"))
                }
            }
            uploadSize.pointee = 0
            return .YES
        }
        if request.tooLarge {
            return respond(connection, RequestLine(method: method, path: url), request, .error(
                413, "payload_too_large", "Payload too large", "the body is over \(settings.bodyLimit) bytes (max_file_bytes)"))
        }
        var message = HTTPRequest(method: method, path: url)
        message.headers = values(connection, .HEADER_KIND, lowercase: true)
        message.query = values(connection, .GET_ARGUMENT_KIND, lowercase: false)
        do {
            (message.body, message.bodyFile) = try request.finish()
        } catch {
            return respond(connection, RequestLine(method: method, path: url), request, .error(
                503, "body_not_kept", "Service unavailable", "the request's body could not be kept (\(error)); try again later"))
        }
        message.secure = settings.tlsKeyPEM != nil
        return respond(connection, RequestLine(method: method, path: url), request, handler(message))
    }

    private func header(_ connection: OpaquePointer, _ name: String) -> String? {
        library.lookupConnectionValue(connection, .HEADER_KIND, name).map { String(cString: $0) }
    }

    /// The bytes of every name and value of `kind` (each repeated header counted), as sent with `: ` and CRLF.
    private func bytes(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> Int {
        var total = 0
        _ = withUnsafeMutablePointer(to: &total) { pointer in
            library.getConnectionValues(connection, kind, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let size = String(cString: key).utf8.count + (value.map { String(cString: $0).utf8.count } ?? 0) + 4
                cls.assumingMemoryBound(to: Int.self).pointee += size
                return .YES
            }, pointer)
        }
        return total
    }

    private func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind, lowercase: Bool) -> [String: String] {
        let box = ValueBox(lowercase: lowercase)
        let pointer = Unmanaged.passUnretained(box).toOpaque()
        _ = library.getConnectionValues(connection, kind, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let box = Unmanaged<ValueBox>.fromOpaque(cls).takeUnretainedValue()
            let name = String(cString: key)
            box.values[box.lowercase ? name.lowercased() : name] = value.map { String(cString: $0) } ?? ""
            return .YES
        }, pointer)
        return box.values
    }

    private func respond(_ connection: OpaquePointer, _ line: RequestLine, _ request: RequestState, _ response: HTTPResponse) -> MHD_Result {
        guard let made = makeResponse(response.body) else { return .NO }
        for (name, value) in response.headers { _ = library.addResponseHeader(made, name, value) }
        let result = library.queueResponse(connection, UInt32(response.status), made)
        library.destroyResponse(made)
        let milliseconds = Int((MonotonicClock.seconds() - request.started) * 1000)
        logger.log(.info, "http", [
            "method": line.method, "path": line.path, "status": String(response.status),
            "workspace": response.workspace, "duration_ms": String(milliseconds),
        ])
        return result
    }

    private func makeResponse(_ body: HTTPResponse.Body) -> OpaquePointer? {
        switch body {
        case .bytes(let bytes):
            return bytes.withUnsafeBytes { buffer in
                library.createResponseFromBuffer(buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress),
                                                 .RESPMEM_MUST_COPY)
            }
        case .file(let path, let size):
            guard let file = try? FileDescriptor.openForReading(path) else { return nil }
            let reader = Unmanaged.passRetained(FileReader(file: file)).toOpaque()
            return library.createResponseFromCallback(UInt64(size), 1 << 16, { cls, position, buffer, max in
                guard let cls, let buffer else { return -2 }
                let reader = Unmanaged<FileReader>.fromOpaque(cls).takeUnretainedValue()
                let target = UnsafeMutableRawBufferPointer(start: buffer, count: max)
                guard let count = try? reader.file.readPositional(into: target, at: Int64(position)) else { return -2 }
                return count == 0 ? -1 : count
            }, reader, { cls in
                if let cls { Unmanaged<FileReader>.fromOpaque(cls).release() }
            })
        }
    }
}

private struct RequestLine {
    let method: String
    let path: String
}

private final class ValueBox {
    let lowercase: Bool
    var values: [String: String] = [:]
    init(lowercase: Bool) { self.lowercase = lowercase }
}

private final class FileReader {
    let file: FileDescriptor
    init(file: FileDescriptor) { self.file = file }
}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
