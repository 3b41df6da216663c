import Foundation

/// A TCP connection to a loopback port driven byte by byte, as a slow or
/// hostile client would: part of a request, then nothing; a header too large;
/// one connection too many. Every read waits at most `patience` seconds, so a
/// server that never answers fails the test instead of hanging it.
final class RawConnection {
    private let socket: Int32
    private var received: [UInt8] = []
    /// The last whole response ``response()`` read: status line, headers and body.
    private(set) var lastResponse = ""

    /// What one read saw: bytes, the server closing the connection, or nothing within the patience.
    enum Outcome: Equatable {
        case bytes
        case closed
        case silent
    }

    init(port: UInt16, patience: Int = 20) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServedRootError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw ServedRootError("connect to 127.0.0.1:\(port): errno \(errno)")
        }
        wait(patience)
    }

    /// How long a read waits for the server from now on, in seconds.
    func wait(_ patience: Int) {
        var timeout = timeval(tv_sec: patience, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(socket) }

    /// Sends `bytes`; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads once: bytes (kept), the server's close (an end of file or a reset), or silence.
    func read() -> Outcome {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += chunk[..<count]
                return .bytes
            }
            if count == 0 || errno == ECONNRESET { return .closed }
            if errno == EINTR { continue }
            return .silent
        }
    }

    /// Reads until the server closes the connection (true) or is silent for the patience (false).
    func waitForClose() -> Bool {
        while true {
            switch read() {
            case .bytes: continue
            case .closed: return true
            case .silent: return false
            }
        }
    }

    /// One whole response (headers, then `Content-Length` bytes): its status,
    /// or nil when the server closed the connection or said nothing first.
    func response() -> Int? {
        while true {
            if let end = headerEnd() {
                let head = String(decoding: received[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while received.count < end + 4 + length {
                    guard read() == .bytes else { return nil }
                }
                lastResponse = String(decoding: received[..<(end + 4 + length)], as: UTF8.self)
                received.removeFirst(end + 4 + length)
                return head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            }
            guard read() == .bytes else { return nil }
        }
    }

    /// Whatever was received and not yet taken by ``response()``.
    var leftover: String { String(decoding: received, as: UTF8.self) }

    private func headerEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for i in 0...(received.count - 4) where received[i] == 13 && received[i + 1] == 10 && received[i + 2] == 13 && received[i + 3] == 10 {
            return i
        }
        return nil
    }
}
