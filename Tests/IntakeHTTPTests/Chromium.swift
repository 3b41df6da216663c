import Foundation
import IntakeTestSupport

/// Debian's headless Chromium driven over its DevTools protocol through
/// `--remote-debugging-pipe` (commands on its descriptor 3, answers on 4, each
/// JSON text ended by a NUL): navigate, evaluate in the page, take a
/// screenshot. Killed when the value goes away.
final class Chromium {
    private let process: Process
    private let profile: String
    private let commands: FileHandle
    private let answers: FileHandle
    private var buffer = Data()
    private var nextID = 0
    private var session = ""

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") }

    init() throws {
        profile = FileManager.default.temporaryDirectory.path + "/intake-chromium-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // The pipe's ends become the browser's descriptors 3 (commands) and 4 (answers).
        process.arguments = ["-c", "exec /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions "
                             + "--remote-debugging-pipe --user-data-dir=\"$0\" --window-size=390,844 about:blank 3<&0 4>&1 1>/dev/null 2>/dev/null",
                             profile]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        commands = input.fileHandleForWriting
        answers = output.fileHandleForReading
        let targets = try send("Target.getTargets")
        let pages = (targets["targetInfos"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "page" }
        guard let target = pages.first?["targetId"] as? String else { throw ServedRootError("chromium has no page: \(targets)") }
        let attached = try send("Target.attachToTarget", ["targetId": target, "flatten": true])
        session = attached["sessionId"] as? String ?? ""
    }

    deinit {
        try? commands.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Sends one DevTools command (to the page once attached) and returns its `result`.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], toBrowser: Bool = false) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var command: [String: Any] = ["id": id, "method": method, "params": params]
        if !session.isEmpty, !toBrowser { command["sessionId"] = session }
        try commands.write(contentsOf: JSONSerialization.data(withJSONObject: command) + Data([0]))
        while true {
            while buffer.firstIndex(of: 0) == nil {
                let more = answers.availableData
                guard !more.isEmpty else { throw ServedRootError("chromium closed its pipe during \(method)") }
                buffer.append(more)
            }
            guard let end = buffer.firstIndex(of: 0) else { continue }
            let message = buffer[buffer.startIndex..<end]
            buffer = Data(buffer[buffer.index(after: end)...])
            guard let object = try JSONSerialization.jsonObject(with: message) as? [String: Any], object["id"] as? Int == id else { continue }
            if let error = object["error"] { throw ServedRootError("\(method): \(error)") }
            return object["result"] as? [String: Any] ?? [:]
        }
    }

    /// The value of `expression` evaluated in the page (promises awaited).
    @discardableResult
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Opens `url` and waits for the page to finish loading.
    func open(_ url: String) throws {
        try send("Page.navigate", ["url": url])
        try waitFor("document.readyState === 'complete' && location.href === '\(url)'")
    }

    /// Waits until `condition` is true in the page (after a navigation the old page may answer first).
    func waitFor(_ condition: String) throws {
        let met = try eventually(within: 20) {
            try evaluate("(function(){ try { return !!(\(condition)); } catch (e) { return false; } })()") as? Bool == true
        }
        guard met else { throw ServedRootError("the page never satisfied: \(condition)") }
    }

    /// Lets the page's downloads land in `folder`.
    func downloads(to folder: String) throws {
        try send("Browser.setDownloadBehavior", ["behavior": "allow", "downloadPath": folder], toBrowser: true)
    }

    /// A PNG of the window as it shows now (390 by 844, a phone).
    func screenshot() throws -> Data {
        let result = try send("Page.captureScreenshot", ["format": "png"])
        guard let text = result["data"] as? String, let png = Data(base64Encoded: text) else { throw ServedRootError("no screenshot") }
        return png
    }
}
