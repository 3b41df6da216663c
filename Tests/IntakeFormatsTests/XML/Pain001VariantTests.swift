import IntakeKit
import Testing
import IntakeTestSupport

/// pain.001 as banks send it: every ISO version from .03 to .11, the German DK
/// and Swiss SIX namespaces, declared Latin-1, and transactions without an id.
@Suite struct Pain001VariantTests {
    typealias Kit = XMLTestKit

    @Test(arguments: 3...11)
    func everyISOVersionReadsTheSameRecords(version: Int) throws {
        let fixture = Pain001Fixture(version: String(format2: version))
        #expect(fixture.text.contains(version < 4 ? "<BIC>" : "<BICFI>"))
        #expect(fixture.text.contains(version < 8 ? "<ReqdExctnDt>2026" : "<ReqdExctnDt><Dt>2026"))
        for chunk in [1, 64, Int.max] {
            let parsed = try Kit.parse(fixture.bytes, chunk: chunk)
            #expect(parsed.painVersion == "pain.001.001.\(String(format2: version))")
            #expect(parsed.records == XMLReaderPain001Tests.expected(), "version \(version), chunk \(chunk)")
        }
    }

    @Test func theGermanDKAndSwissSIXNamespacesAreRead() throws {
        let variants = [
            ("urn:iso:std:iso:20022:tech:xsd:pain.001.003.03", "pain.001.003.03"),
            ("http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd", "pain.001.001.03.ch.02"),
        ]
        for (namespace, version) in variants {
            let fixture = Pain001Fixture(namespaceOverride: namespace)
            let parsed = try Kit.parse(fixture.bytes, chunk: 7)
            #expect(parsed.painVersion == version)
            #expect(parsed.records == XMLReaderPain001Tests.expected())
        }
        let other = Pain001Fixture(namespaceOverride: "http://www.six-interbank-clearing.com/de/pain.008.001.02.ch.01.xsd")
        #expect(Kit.failure(other.bytes)?.code == "xml_root")
    }

    @Test func aTransactionWithoutAnyIdGetsAStableDerivedOneAndAWarning() throws {
        var fixture = Pain001Fixture()
        fixture.blocks[1].transactions[1].endToEndID = "NOTPROVIDED"
        fixture.blocks[1].transactions[1].instructionID = nil
        let reader = XMLRecordReader(source: MemoryByteSource(fixture.bytes))
        var ids: [String] = []
        var warnings: [String?] = []
        while try reader.next() {
            for index in 0..<reader.fieldCount where Kit.string(reader.key(index)) == "payment_id" {
                ids.append(Kit.string(reader.value(index)))
            }
            warnings.append(reader.recordWarning?.code)
        }
        #expect(ids == ["E2E-1", "I-2", "E2E-3", "MSG-2026-0001/PMT-2/2", "E2E-5"], "NOTPROVIDED: InstrId, else derived")
        #expect(warnings == [nil, nil, nil, "payment_id_derived", nil])
    }
}

extension String {
    /// `3` as `03`.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
