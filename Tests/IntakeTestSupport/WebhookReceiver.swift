import Foundation
import IntakeKit

/// The HTTPS receiver of `Tests/Receivers/webhook-receiver.py` on loopback,
/// with a throwaway CA made by the openssl CLI: what it was sent, and a plan
/// of answers (`500`, `429 2`, `302`, `slow 30`, `hang`, `close`, `huge 500`;
/// 200 once the plan is used up).
/// Stopped (its process terminated) when the value goes away.
package final class WebhookReceiver {
    package let folder: String
    package private(set) var port = 0
    private var pid: Int32?

    /// Starts a receiver (on `port`, reusing `folder`'s certificates, when given).
    package init(folder: String? = nil, port: Int? = nil) throws {
        self.folder = folder ?? FileManager.default.temporaryDirectory.path + "/intake-receiver-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        try start(port: port)
    }

    deinit { stop() }

    private func start(port fixed: Int?) throws {
        try? FileManager.default.removeItem(atPath: folder + "/port")
        // Detached by a shell that exits at once: Foundation's Process reaps its
        // children from one thread and would block on a receiver that lives on.
        let script = Repository.root.appendingPathComponent("Tests/Receivers/webhook-receiver.py").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "/usr/bin/python3 \"$0\" \"$1\" $2 </dev/null >/dev/null 2>&1 & echo $! > \"$1/pid\"",
                           script, folder, fixed.map(String.init) ?? ""]
        try shell.run()
        shell.waitUntilExit()
        pid = (try? String(contentsOfFile: folder + "/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard eventually(within: 30, { FileManager.default.fileExists(atPath: folder + "/port") }),
              let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let port = Int(text) else {
            throw StorageError("the webhook receiver did not start in \(folder)")
        }
        self.port = port
    }

    /// Stops the receiver (its port then refuses connections).
    package func stop() {
        guard let pid else { return }
        // SIGKILL: the receiver may inherit the test process's blocked SIGTERM.
        kill(pid, SIGKILL)
        self.pid = nil
        _ = eventually(within: 10) { kill(pid, 0) != 0 }
    }

    /// Starts it again on the same port with the same certificates.
    package func restart() throws {
        stop()
        try start(port: port)
    }

    /// `https://127.0.0.1:PORT/hook`.
    package var url: String { "https://127.0.0.1:\(port)/hook" }
    /// The throwaway CA's certificate.
    package var caFile: String { folder + "/ca.pem" }

    /// The answers to give, in order.
    package func plan(_ answers: [String]) throws {
        try answers.map { $0 + "\n" }.joined().write(toFile: folder + "/plan", atomically: true, encoding: .utf8)
    }

    /// One request the receiver was sent.
    package struct Request {
        package let path: String
        package let headers: [String: String]
        package let body: String
        /// The status sent (0 for `hang`, `close` and `huge`).
        package let answered: Int
        /// When the request arrived.
        package let startedAt: Double
        /// When it was answered.
        package let receivedAt: Double

        /// A header, whatever its case.
        package func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }

        /// The body as JSON.
        package var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Every request so far, in arrival order.
    package func requests() -> [Request] {
        let text = (try? String(contentsOfFile: folder + "/requests.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Request(path: object["path"] as? String ?? "", headers: object["headers"] as? [String: String] ?? [:],
                           body: object["body"] as? String ?? "", answered: object["answered"] as? Int ?? 0,
                           startedAt: object["started_at"] as? Double ?? 0, receivedAt: object["received_at"] as? Double ?? 0)
        }
    }

    /// The `Intake-Delivery` of every request so far, as it arrived (before any answer).
    package func arrivals() -> [String] {
        let text = (try? String(contentsOfFile: folder + "/arrived.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["delivery"] as? String
        }
    }

    /// The most requests that were being answered at one moment (from their arrival and answer times).
    package func mostAtOnce() -> Int {
        var edges: [(time: Double, change: Int)] = []
        for request in requests() {
            edges.append((request.startedAt, 1))
            edges.append((request.receivedAt, -1))
        }
        // An answer at the moment another arrives ends first.
        edges.sort { (left: (time: Double, change: Int), right: (time: Double, change: Int)) -> Bool in
            left.time == right.time ? left.change < right.change : left.time < right.time
        }
        var now = 0
        var most = 0
        for edge in edges {
            now += edge.change
            most = max(most, now)
        }
        return most
    }

    /// Whether `request`'s `Intake-Signature` is the HMAC-SHA256 of `t.BODY`
    /// under `secret`, computed by the openssl CLI (not by Intake's code).
    package func signatureIsValid(_ request: Request, secret: String) throws -> Bool {
        guard let header = request.header("Intake-Signature") else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let t = fields["t"], let v1 = fields["v1"] else { return false }
        let message = folder + "/signed-" + UUID().uuidString
        try (t + "." + request.body).write(toFile: message, atomically: true, encoding: .utf8)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["dgst", "-sha256", "-hmac", secret, "-r", message]
        let out = Pipe()
        openssl.standardOutput = out
        try openssl.run()
        let digest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        openssl.waitUntilExit()
        return digest.split(separator: " ").first.map(String.init) == v1
    }
}
