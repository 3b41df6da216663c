import Synchronization
import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct TimestampTests {
    @Test func printsFixedWidthRFC3339WithMilliseconds() {
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_795_431_182_123).rfc3339 == "2026-11-23T10:53:02.123Z")
        #expect(Timestamp(milliseconds: 951_782_400_005).rfc3339 == "2000-02-29T00:00:00.005Z")
        #expect(Timestamp(milliseconds: 1_795_431_182_123).day == "2026-11-23")
    }

    @Test func parsesWhatItPrints() {
        for millis: Int64 in [0, 1, 999, 951_782_400_005, 1_795_431_182_123, 4_102_444_799_999] {
            let stamp = Timestamp(milliseconds: millis)
            #expect(Timestamp(rfc3339: stamp.rfc3339) == stamp)
        }
        #expect(Timestamp(rfc3339: "not a time") == nil)
    }

    @Test func jobIDsSortByTimeAndRoundTrip() {
        let early = JobID.make(at: Timestamp(milliseconds: 1_795_431_182_123))
        let late = JobID.make(at: Timestamp(milliseconds: 1_795_431_182_124))
        #expect(early < late)
        #expect(JobID.isValid(early))
        #expect(!early.contains("__"))
        #expect(JobID.timeText(early) == "2026-11-23T10:53:02.123Z")
        #expect(!JobID.isValid("20261123T105302123-XYZ"))
        #expect(!JobID.isValid("../../etc"))
    }
}

@Suite struct TextEscapingTests {
    @Test func jsonQuotingEscapesControlsQuotesAndBackslashes() {
        #expect(JSONWriter.quoted("a\"b\\c\nd\u{01}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }

    @Test func spreadsheetCellsNeverStartAFormula() {
        #expect(CSVCell.escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVCell.escape("+1") == "'+1")
        #expect(CSVCell.escape("-10.00") == "'-10.00")
        #expect(CSVCell.escape("@SUM") == "'@SUM")
        #expect(CSVCell.escape("\tx") == "'\tx")
        #expect(CSVCell.escape("a,b") == "\"a,b\"")
        #expect(CSVCell.escape("plain") == "plain")
        #expect(CSVCell.line(["1", "line\nbreak"]) == "1,\"line\nbreak\"\n")
    }

    @Test func logfmtValuesAreQuotedOnlyWhenNeeded() {
        let lines = LockedLines()
        let logger = Logger(minimum: .info) { lines.append($0) }
        logger.log(.info, "job_done", ["workspace": "acme", "message": "two words \"quoted\"", "none": nil])
        logger.log(.debug, "hidden")
        let text = lines.all.joined()
        #expect(text.contains("level=info event=job_done workspace=acme message=\"two words \\\"quoted\\\"\"\n"))
        #expect(!text.contains("none="))
        #expect(!text.contains("hidden"))
    }
}

/// Collects log lines across threads.
final class LockedLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var all: [String] { storage.withLock { $0 } }
}

