import IntakeKit
import Testing
import IntakeTestSupport

/// The flat `<records><record>…</record></records>` form and root detection.
@Suite struct XMLReaderFlatTests {
    typealias Kit = XMLTestKit

    static let document = """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <records>
          <record>
            <payment_id>P1</payment_id>
            <amount>10.00</amount>
            <bank_details>
              <bank_name>Cr&#233;dit &amp; Co</bank_name>
              <address><city>Paris</city></address>
            </bank_details>
            <reference/>
            <note></note>
          </record>
          <record id="2"><payment_id><![CDATA[P<2>]]></payment_id><x:amount xmlns:x="urn:x">20.5</x:amount></record>
        </records>

        """

    @Test(arguments: Kit.chunkSizes)
    func recordsFlattenNestedElementsWithDots(chunk: Int) throws {
        let parsed = try Kit.parse(Self.document, chunk: chunk)
        #expect(parsed.painVersion == nil)
        #expect(parsed.records == [
            Kit.pairs([
                "payment_id": "P1", "amount": "10.00", "bank_details.bank_name": "Crédit & Co",
                "bank_details.address.city": "Paris", "reference": "", "note": "",
            ]),
            Kit.pairs(["payment_id": "P<2>", "amount": "20.5"]),
        ])
        #expect(parsed.paths == ["/records/record[1]", "/records/record[2]"])
        #expect(parsed.groups == [0, 0])
        #expect(parsed.lines == [3, 13])
        #expect(parsed.raw[1] == "<record id=\"2\"><payment_id><![CDATA[P<2>]]></payment_id><x:amount xmlns:x=\"urn:x\">20.5</x:amount></record>")
        #expect(parsed.raw[0].hasPrefix("<record>\n    <payment_id>P1"))
        #expect(parsed.raw[0].hasSuffix("<note></note>\n  </record>"))
        #expect(parsed.observed == Kit.bytes(Self.document))
    }

    @Test func emptyRecordsAndSelfClosingRecords() throws {
        #expect(try Kit.parse("<records/>").records.isEmpty)
        let parsed = try Kit.parse("<records><record/><record></record></records>")
        #expect(parsed.records == [[], []])
        #expect(parsed.raw == ["<record/>", "<record></record>"])
        #expect(Kit.failure("<records><row/></records>")?.code == "xml_syntax")
    }

    @Test(arguments: [1, Int.max])
    func byteOrderMarkAndCRLFAreAccepted(chunk: Int) throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"windows-1252\"?>\r\n<records>\r\n<record>\r\n"
            + "<a>1</a></record>\r\n<record><a>2</a></record></records>\r\n"
        let parsed = try Kit.parse(text, chunk: chunk)
        #expect(parsed.records == [Kit.pairs(["a": "1"]), Kit.pairs(["a": "2"])])
        #expect(parsed.lines == [3, 5])
        #expect(Kit.failure("<records/>\n<?xml version=\"1.0\"?>")?.code == "xml_syntax")
    }

    @Test func otherRootsAreRefusedNamingTheAcceptedForms() {
        let error = Kit.failure("<payments><payment/></payments>")
        #expect(error?.code == "xml_root")
        #expect(error?.message.contains("<payments>") == true)
        #expect(error?.message.contains("pain.001") == true)
        #expect(error?.message.contains("<records>") == true)
        let camt = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>"
        #expect(Kit.failure(camt)?.code == "xml_root")
        #expect(Kit.failure("<Document><CstmrCdtTrfInitn/></Document>")?.code == "xml_root")
        let noInitiation = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"></Document>"
        #expect(Kit.failure(noInitiation)?.code == "xml_root")
        let wrongChild = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrPmtStsRpt/></Document>"
        #expect(Kit.failure(wrongChild)?.code == "xml_root")
        // The prefix must be the one bound to the pain.001 namespace.
        let wrongPrefix = "<q:Document xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><q:CstmrCdtTrfInitn/></q:Document>"
        #expect(Kit.failure(wrongPrefix)?.code == "xml_root")
    }
}
