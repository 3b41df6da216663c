import Foundation
import Testing
import IntakeKit
import IntakeTestSupport

/// `intake serve`'s limits against slow and greedy clients (spec section 8),
/// over raw sockets to the built binary: an idle connection and a half-sent
/// body are cut and hold nothing, headers over 16 KiB are refused, at most 64
/// connections are served at once. The 30 s limits are shortened with
/// `serve.idle_timeout_seconds` and `serve.body_timeout_seconds`, so nothing
/// here waits 30 s; no assertion depends on how fast the machine is.
@Suite struct ServeLimitsTests {
    static func served(idle: Int = 30, body: Double = 30) throws -> ServedRoot {
        try ServedRoot(TemporaryRoot { configuration in
            configuration.serve.idleTimeoutSeconds = idle
            configuration.serve.bodyTimeoutSeconds = body
        })
    }

    /// A request line and headers for a POST of `length` bytes with `token`.
    static func post(_ path: String, length: Int, token: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(length)\r\n\r\n"
    }

    /// Nothing of a cut request is left: no spilled body, no document, no marker or drop, no job.
    static func expectNothingHeld(_ served: ServedRoot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(eventually { served.temporary.files("uploads/.incoming").isEmpty }, sourceLocation: sourceLocation)
        #expect(served.temporary.files("uploads/acme").isEmpty, sourceLocation: sourceLocation)
        #expect(served.temporary.files("inbox").filter { !$0.hasSuffix(".keep") }.isEmpty, sourceLocation: sourceLocation)
        #expect(try served.temporary.jobs().isEmpty, sourceLocation: sourceLocation)
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() throws {
        let served = try Self.served(idle: 1)
        let silent = try RawConnection(port: served.port)
        #expect(silent.waitForClose())
        // Half a request line and headers, then nothing: closed too, unanswered.
        let halfHeaders = try RawConnection(port: served.port)
        halfHeaders.send("GET /api/v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bear")
        #expect(halfHeaders.waitForClose())
        #expect(!halfHeaders.leftover.contains("200"))
        // A kept-alive connection that goes quiet after its answer is closed as well.
        let kept = try RawConnection(port: served.port)
        kept.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(kept.response() == 200)
        #expect(kept.waitForClose())
        #expect(try Curl.request(served.base + "/healthz").status == 200)
    }

    @Test func aBodyThatStopsHalfWayIsCutAndLeavesNothing() throws {
        let served = try Self.served(idle: 1)
        let token = try #require(served.tokens["acme"])
        // A document: 3 MB declared, 1.5 MB sent (kept on disk as it arrives), then nothing.
        let document = try RawConnection(port: served.port)
        document.send(Self.post("/api/v1/documents?workspace=acme&name=june.csv", length: 3_000_000, token: token))
        document.send([UInt8](repeating: UInt8(ascii: "a"), count: 1_500_000))
        #expect(eventually { !served.temporary.files("uploads/.incoming").isEmpty })
        #expect(document.waitForClose())
        #expect(!document.leftover.contains("201"))
        try Self.expectNothingHeld(served)
        // An import: half its JSON, then nothing.
        let body = ServeAPITests.body("acme")
        let importing = try RawConnection(port: served.port)
        importing.send(Self.post("/api/v1/imports", length: body.utf8.count, token: token) + String(body.prefix(body.count / 2)))
        #expect(importing.waitForClose())
        #expect(!importing.leftover.contains("202"))
        try Self.expectNothingHeld(served)
        try served.runPass()
        #expect(try served.temporary.jobs().isEmpty)
        // The workspace is free: the next import is taken.
        #expect(try served.json("POST", "/api/v1/imports", body: body).status == 202)
    }

    @Test func aBodyStillArrivingAfterTheBodyTimeoutIsCutAndLeavesNothing() throws {
        let served = try Self.served(idle: 30, body: 1)
        let token = try #require(served.tokens["acme"])
        let slow = try RawConnection(port: served.port)
        slow.send(Self.post("/api/v1/documents?workspace=acme&name=june.csv", length: 3_000_000, token: token))
        slow.send([UInt8](repeating: UInt8(ascii: "a"), count: 1_500_000))
        // A trickle, never idle for the idle timeout, until the server cuts it (or all 3 MB went).
        var sent = 1_500_000
        while sent < 3_000_000, slow.send([UInt8](repeating: UInt8(ascii: "a"), count: 1000)) {
            sent += 1000
            usleep(100_000)
        }
        #expect(sent < 3_000_000)
        #expect(slow.waitForClose())
        #expect(!slow.leftover.contains("201"))
        #expect(served.log.contains("event=http_body_too_slow"))
        try Self.expectNothingHeld(served)
    }

    @Test func headersOver16KiBAreRefused() throws {
        let served = try Self.served()
        func get(padding: Int) throws -> (status: Int?, text: String) {
            let connection = try RawConnection(port: served.port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "p", count: padding))\r\n\r\n")
            return (connection.response(), connection.lastResponse)
        }
        #expect(try get(padding: 15 << 10).status == 200)
        let over = try get(padding: 17 << 10)
        #expect(over.status == 431)
        #expect(over.text.contains("headers_too_large"))
        // Repeated headers count each time: three of 6 KiB under one name.
        let repeated = try RawConnection(port: served.port)
        let line = "X-Padding: \(String(repeating: "p", count: 6 << 10))\r\n"
        repeated.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + line + line + line + "\r\n")
        #expect(repeated.response() == 431)
        // Far over: libmicrohttpd's own refusal (its buffer is twice the limit), the same status.
        #expect(try get(padding: 100 << 10).status == 431)
        #expect(try Curl.request(served.base + "/healthz").status == 200)
    }

    @Test func atMost64ConnectionsAreServedAndClosingOneFreesItsPlace() throws {
        let served = try Self.served(idle: 300)
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        var held: [RawConnection] = []
        for _ in 0..<64 {
            let connection = try RawConnection(port: served.port)
            connection.send(request)
            #expect(connection.response() == 200)
            held.append(connection)
        }
        // The 65th waits, unanswered, while 64 are open (libmicrohttpd stops accepting at its limit)…
        let extra = try RawConnection(port: served.port, patience: 2)
        extra.send(request)
        #expect(extra.read() == .silent)
        // …while the server answers the connections it holds.
        held[0].send(request)
        #expect(held[0].response() == 200)
        held[63].send(request)
        #expect(held[63].response() == 200)
        // Closing connections frees their places: the waiting one is served, and new ones.
        held.removeLast(8)
        extra.wait(20)
        #expect(extra.response() == 200)
        let later = try RawConnection(port: served.port)
        later.send(request)
        #expect(later.response() == 200)
        #expect(try Curl.request(served.base + "/healthz").status == 200)
    }
}
