/// `intake serve`'s part of `intake.json` (`serve`): where it listens, for
/// HTTPS its certificate and key, and how long a slow client is waited for.
public struct ServeSettings: Equatable, Sendable {
    /// An address to listen on: an IP literal and a port.
    public struct Address: Equatable, Sendable, CustomStringConvertible {
        public var host: String
        public var port: UInt16

        /// `host` (an IP literal) and `port`.
        public init(host: String, port: UInt16) {
            self.host = host
            self.port = port
        }

        /// `127.0.0.1:8080`, `[::1]:8080`; nil for anything else.
        public init?(_ text: String) {
            var host: Substring
            var port: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
                host = text[text.index(after: text.startIndex)..<close]
                port = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                host = text[..<colon]
                port = text[text.index(after: colon)...]
                if host.contains(":") { return nil }
            }
            guard !host.isEmpty, let number = UInt16(port), number > 0,
                  host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else { return nil }
            self.host = String(host)
            self.port = number
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// Where to listen (default `127.0.0.1:8080`).
    public var listen = Address(host: "127.0.0.1", port: 8080)
    /// PEM certificate chain (HTTPS when set, with `tlsKey`).
    public var tlsCert: String?
    /// PEM private key.
    public var tlsKey: String?
    /// `idle_timeout_seconds`: a connection that sends nothing for this long is
    /// closed (libmicrohttpd's connection timeout; whole seconds, 1 to 300, default 30).
    public var idleTimeoutSeconds = 30
    /// `body_timeout_seconds`: a request whose body is still arriving this long
    /// after the request began is cut (1 to 300 seconds, default 30).
    public var bodyTimeoutSeconds = 30.0

    public init() {}

    /// Whether `text` is a stored token hash: `sha256:` and 64 lowercase hex digits.
    public static func isTokenHash(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.utf8.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
