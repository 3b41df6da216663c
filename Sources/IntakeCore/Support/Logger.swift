import Foundation

/// One line per event on stderr in logfmt: `ts=… level=… event=… key=value …`.
public struct Logger: Sendable {
    /// How much to say.
    public enum Level: Int, Comparable, Sendable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        package var name: String { ["debug", "info", "warn", "error"][rawValue] }
    }

    /// The least severe level written.
    public let minimum: Level
    /// Where lines go (stderr by default; tests capture them).
    private let sink: @Sendable (String) -> Void

    /// A logger writing to stderr.
    public init(minimum: Level = .info) {
        self.minimum = minimum
        self.sink = { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// A logger writing to `sink`.
    public init(minimum: Level, sink: @escaping @Sendable (String) -> Void) {
        self.minimum = minimum
        self.sink = sink
    }

    /// A logger that writes nothing.
    public static let silent = Logger(minimum: .error) { _ in }

    /// Writes one event with its fields in order.
    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String?> = [:]) {
        guard level >= minimum else { return }
        var line = "ts=\(Timestamp.now()) level=\(level.name) event=\(event)"
        for (key, value) in fields {
            guard let value else { continue }
            line += " \(key)=\(Logger.quote(value))"
        }
        sink(line + "\n")
    }

    /// A logfmt value: bare when it has no space, quote or `=`; quoted otherwise.
    package static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" || $0 == "\\" }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }
}
