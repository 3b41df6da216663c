import IntakeKit
import Testing
import IntakeTestSupport

/// pain.001 document checks: NbOfTxs and CtrlSum of the group header and of each
/// payment block, compared as exact decimals when the document ends.
@Suite struct XMLReaderCheckTests {
    typealias Kit = XMLTestKit

    /// Reads to the end; returns the records seen and the error thrown.
    static func outcome(_ fixture: Pain001Fixture) -> (records: Int, error: XMLError?) {
        let reader = XMLRecordReader(source: MemoryByteSource(fixture.bytes, maxChunk: 100))
        var records = 0
        do {
            while try reader.next() { records += 1 }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    @Test func groupHeaderCountMismatchThrowsAtTheEnd() {
        var fixture = Pain001Fixture()
        fixture.groupCount = "6"
        let (records, error) = Self.outcome(fixture)
        #expect(records == 5, "records come first, the check fails the end")
        #expect(error?.code == "xml_count_mismatch")
        #expect(error?.message.contains("NbOfTxs says 6 but the file holds 5") == true)
        fixture.groupCount = "five"
        #expect(Self.outcome(fixture).error?.code == "xml_count_mismatch")
        fixture.groupCount = nil
        #expect(Self.outcome(fixture).error?.code == "xml_count_mismatch")
    }

    @Test func groupHeaderSumMismatchThrows() {
        var fixture = Pain001Fixture()
        fixture.groupSum = "1776.26"
        let error = Self.outcome(fixture).error
        #expect(error?.code == "xml_sum_mismatch")
        #expect(error?.message.contains("says 1776.26 but the amounts add up to 1776.25") == true)
        fixture.groupSum = "1776.250001"
        #expect(Self.outcome(fixture).error?.code == "xml_sum_mismatch")
        fixture.groupSum = "1,776.25"
        #expect(Self.outcome(fixture).error?.code == "xml_sum_mismatch")
    }

    @Test func sumsCompareAsExactDecimals() throws {
        var fixture = Pain001Fixture()
        for spelling in ["1776.25", "1776.250", "1776.25000", "+1776.25", " 1776.25 "] {
            fixture.groupSum = spelling
            #expect(Self.outcome(fixture).error == nil, "\(spelling)")
        }
        fixture.groupSum = nil
        #expect(Self.outcome(fixture).error == nil, "CtrlSum is optional")
        // 30.5 vs 30.50 and 0.1 + 0.2 == 0.3, which floating point gets wrong.
        var small = Pain001Fixture()
        small.blocks = [
            Pain001Fixture.Block(
                id: "B", count: "3", sum: "30.50",
                transactions: [
                    .init(endToEndID: "1", amount: "0.1"), .init(endToEndID: "2", amount: "0.2"),
                    .init(endToEndID: "3", amount: "30.2"),
                ])
        ]
        small.groupCount = "3"
        small.groupSum = "30.5"
        #expect(Self.outcome(small).error == nil)
        small.groupSum = "30.49999"
        #expect(Self.outcome(small).error?.code == "xml_sum_mismatch")
    }

    @Test func paymentBlockMismatchesNameThePmtInf() {
        var fixture = Pain001Fixture()
        fixture.blocks[0].count = "3"
        var error = Self.outcome(fixture).error
        #expect(error?.code == "xml_count_mismatch")
        #expect(error?.message.contains("PmtInf 'PMT-1': NbOfTxs says 3 but the block holds 2") == true)
        fixture = Pain001Fixture()
        fixture.blocks[1].sum = "1425.70"
        error = Self.outcome(fixture).error
        #expect(error?.code == "xml_sum_mismatch")
        #expect(error?.message.contains("PmtInf 'PMT-2': CtrlSum says 1425.70 but its amounts add up to 1425.75") == true)
        fixture.blocks[1].sum = "1425.750"
        #expect(Self.outcome(fixture).error == nil)
    }

    @Test func amountThatIsNotANumberSkipsTheSumsItAffects() {
        var fixture = Pain001Fixture()
        fixture.blocks[0].transactions[0].amount = "1OO.50"
        let (records, error) = Self.outcome(fixture)
        #expect(records == 5)
        #expect(error == nil, "the row fails on its own, not the document")
        // The other block's sum is still checked.
        fixture.blocks[1].sum = "1"
        #expect(Self.outcome(fixture).error?.code == "xml_sum_mismatch")
    }
}
