import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// An import's progress is told against the size of the file as dropped: for
/// a layered drop, in bytes of the dropped file consumed, never in bytes of
/// the document inside (which may be many times larger than what was dropped).
@Suite struct LayeredProgressTests {
    final class Calls {
        var seen: [(rows: Int, bytes: Int64, total: Int64)] = []
    }

    @Test func aCompressedDropsProgressEndsAtTheDroppedSize() throws {
        var text = PaymentsCSV.header
        for index in 0..<20_000 {
            text += "P\(index),10.00,EUR,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,x\n"
        }
        let files = try LayeredFiles()
        let compressed = try files.gzip("june.csv", Array(text.utf8))
        #expect(compressed.count * 10 < text.utf8.count)
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv.gz", compressed)
        let (job, runner) = try #require(try root.claimFirstDrop())
        let calls = Calls()
        runner.onProgress = { rows, bytes, total in calls.seen.append((rows, bytes, total)) }
        guard case .finished(let record) = try runner.run(job, startedAt: Timestamp.now()) else {
            Issue.record("the job did not finish")
            return
        }
        #expect(record.status == .done && record.succeeded == 20_000)
        let last = try #require(calls.seen.last)
        #expect(last.rows == 20_000 && last.total == Int64(compressed.count))
        #expect(last.bytes == last.total, "progress ended at \(last.bytes) of \(last.total) bytes")
        #expect(calls.seen.allSatisfy { $0.bytes <= $0.total })
        #expect(zip(calls.seen, calls.seen.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })
    }
}
