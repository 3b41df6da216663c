import Foundation

/// HTTP requests made with curl(1), as an integrator's script would: the
/// status, the response headers (lowercase names) and the body.
enum Curl {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object ([:] when it is not one).
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        /// `data` of a JSON:API answer.
        var data: [String: Any] { object["data"] as? [String: Any] ?? [:] }
        var list: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }
        /// `errors[0].code`.
        var errorCode: String? { ((object["errors"] as? [[String: Any]])?.first)?["code"] as? String }
        var next: String? { (object["links"] as? [String: Any])?["next"] as? String }
    }

    static func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: [UInt8]? = nil,
                        extra: [String] = []) throws -> Response {
        let folder = FileManager.default.temporaryDirectory.path + "/intake-curl-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["-s", "-S", "-X", method, "-o", folder + "/body", "-D", folder + "/headers", "-w", "%{http_code}"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try Data(body).write(to: URL(fileURLWithPath: folder + "/request"))
            arguments += ["--data-binary", "@" + folder + "/request", "-H", "Content-Type: application/json"]
        }
        arguments += extra + [url]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let code = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let raw = (try? String(contentsOfFile: folder + "/headers", encoding: .utf8)) ?? ""
        var parsed: [String: String] = [:]
        for line in raw.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/body"))).map { [UInt8]($0) } ?? []
        return Response(status: Int(code) ?? 0, headers: parsed, body: body)
    }
}
