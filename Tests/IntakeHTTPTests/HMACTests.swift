import Testing
@testable import IntakeHTTP
import IntakeTestSupport

/// HMAC-SHA256 against the published test vectors of RFC 4231 (section 4).
struct HMACTests {
    private static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    @Test func rfc4231Vectors() {
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            // Test case 1
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            // Test case 2
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            // Test case 3
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            // Test case 4
            (Self.bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            // Test case 6: a key longer than the block size
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            // Test case 7
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, data, mac) in cases { #expect(HMACSHA256.hex(key: key, message: data) == mac) }
        // Test case 5: truncated to 128 bits.
        let truncated = HMACSHA256.mac(key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8)).prefix(16)
        #expect(Array(truncated) == Self.bytes("a3b6167473100ee06e0c796c2955552b"))
    }

    @Test func signatureSignsTimeDotBody() {
        let header = WebhookSignature.header(secret: Array("Jefe".utf8), unixSeconds: 1_700_000_000, body: Array("{}".utf8))
        #expect(header == "t=1700000000,v1=" + HMACSHA256.hex(key: Array("Jefe".utf8), message: Array("1700000000.{}".utf8)))
    }
}

struct RetryScheduleTests {
    @Test func stepsDoubleFromOneSecondToAnHour() {
        let schedule = RetrySchedule()
        #expect((1...5).map { schedule.step(after: $0) } == [1, 2, 4, 8, 16])
        #expect(schedule.step(after: 13) == 3_600)
        #expect(schedule.step(after: 1_000) == 3_600)
    }

    @Test func waitsStayWithinHalfTheStepAndNeverBelowRetryAfter() {
        let schedule = RetrySchedule()
        #expect(schedule.wait(after: 3, retryAfter: nil, factor: 0.5) == 2)
        #expect(schedule.wait(after: 3, retryAfter: nil, factor: 1.5) == 6)
        #expect(schedule.wait(after: 1, retryAfter: 30, factor: 1.5) == 30)
        for _ in 0..<100 {
            let wait = schedule.randomWait(after: 4, retryAfter: nil)
            #expect(wait >= 4 && wait <= 12)
        }
    }

    @Test func answersAreDeliveredRetriedOrDead() {
        #expect(AttemptOutcome.answer(status: 204, retryAfterSeconds: nil) == .delivered(status: 204))
        for status in [408, 429, 500, 503] {
            if case .retry = AttemptOutcome.answer(status: status, retryAfterSeconds: nil) {} else { Issue.record("\(status) is retried") }
        }
        for status in [301, 302, 400, 404, 410] {
            if case .dead = AttemptOutcome.answer(status: status, retryAfterSeconds: nil) {} else { Issue.record("\(status) is dead") }
        }
        #expect(RetryAfter.seconds("7", now: 0) == 7)
        #expect(RetryAfter.seconds("Thu, 01 Jan 1970 00:01:40 GMT", now: 40) == 60)
        #expect(RetryAfter.seconds("soon", now: 0) == nil)
    }
}
