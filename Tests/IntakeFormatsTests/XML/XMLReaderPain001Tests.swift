import IntakeKit
import Testing
import IntakeTestSupport

/// pain.001 documents: the flat keys of each transaction, paths, groups, lines,
/// raw bytes, prefixes, versions, and the same result for every chunking.
@Suite struct XMLReaderPain001Tests {
    typealias Kit = XMLTestKit

    static func expected(dueDates: (String, String) = ("2026-06-02", "2026-06-03")) -> [Kit.Fields] {
        [
            Kit.pairs([
                "payment_id": "E2E-1", "end_to_end_id": "E2E-1", "amount": "100.50", "currency": "EUR",
                "due_date": dueDates.0, "beneficiary_name": "Müller & Söhne GmbH",
                "beneficiary_iban": "DE89370400440532013000", "beneficiary_bic": "COBADEFFXXX",
                "beneficiary_country": "DE", "reference": "Invoice 1 Order 7", "debtor_name": "Acme Payments SA",
                "debtor_iban": "FR1420041010050500013M02606",
            ]),
            Kit.pairs([
                "payment_id": "I-2", "amount": "250", "currency": "GBP", "due_date": dueDates.0,
                "beneficiary_name": "Smith & <Sons> Ltd", "beneficiary_iban": "GB29NWBK60161331926819",
                "beneficiary_bic": "NWBKGB2L", "beneficiary_country": "GB", "debtor_name": "Acme Payments SA",
                "debtor_iban": "FR1420041010050500013M02606",
            ]),
            Kit.pairs([
                "payment_id": "E2E-3", "end_to_end_id": "E2E-3", "amount": "1000.00", "currency": "EUR",
                "due_date": dueDates.1, "beneficiary_name": "Café € SARL",
                "beneficiary_iban": "FR1420041010050500013M02606", "beneficiary_bic": "PSSTFRPPPAR",
                "beneficiary_country": "FR", "reference": "spaced", "debtor_name": "Acme Payments SA",
                "debtor_iban": "DE89370400440532013000",
            ]),
            Kit.pairs([
                "payment_id": "I-4", "amount": "400.75", "currency": "EUR", "due_date": dueDates.1,
                "beneficiary_name": "No Id Ltd", "beneficiary_iban": "GB29NWBK60161331926819",
                "beneficiary_country": "GB", "debtor_name": "Acme Payments SA",
                "debtor_iban": "DE89370400440532013000",
            ]),
            Kit.pairs([
                "payment_id": "E2E-5", "end_to_end_id": "E2E-5", "amount": "25", "currency": "EUR",
                "due_date": dueDates.1, "beneficiary_iban": "DE89370400440532013000", "beneficiary_country": "DE",
                "debtor_name": "Acme Payments SA", "debtor_iban": "DE89370400440532013000",
            ]),
        ]
    }

    static let paths = [
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]", "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]",
        "/Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[1]", "/Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[2]",
        "/Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[3]",
    ]

    /// The 1-based lines of each `<CdtTrfTxInf` start tag, found by hand.
    static func startLines(_ text: String, tag: String = "CdtTrfTxInf>") -> [Int] {
        var lines: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasSuffix(tag) && !line.contains("</") {
            lines.append(index + 1)
        }
        return lines
    }

    @Test(arguments: Kit.chunkSizes)
    func version03TransactionsHaveTheirFlatKeys(chunk: Int) throws {
        let fixture = Pain001Fixture()
        let parsed = try Kit.parse(fixture.bytes, chunk: chunk)
        #expect(parsed.painVersion == "pain.001.001.03")
        #expect(parsed.records == Self.expected())
        #expect(parsed.paths == Self.paths)
        #expect(parsed.groups == [0, 0, 1, 1, 1])
        #expect(parsed.lines == Self.startLines(fixture.text))
        #expect(parsed.observed == fixture.bytes)
        #expect(parsed.bytesRead == Int64(fixture.bytes.count))
    }

    @Test(arguments: Kit.chunkSizes)
    func version09WithPrefixReadsDtAndBICFI(chunk: Int) throws {
        var fixture = Pain001Fixture(version: "09", prefix: "p")
        fixture.blocks[1].dateTime = true
        #expect(fixture.text.contains("<p:Document xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\""))
        #expect(fixture.text.contains("<p:BICFI>"))
        let parsed = try Kit.parse(fixture.bytes, chunk: chunk)
        #expect(parsed.painVersion == "pain.001.001.09")
        #expect(parsed.records == Self.expected())
        #expect(parsed.paths == Self.paths)
        #expect(parsed.lines == Self.startLines(fixture.text, tag: "p:CdtTrfTxInf>"))
    }

    @Test func rawRecordIsTheExactElement() throws {
        var fixture = Pain001Fixture(version: "09", prefix: "ns1")
        fixture.blocks[0].transactions[0].name = "A &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        let text = fixture.text
        let parsed = try Kit.parse(text, chunk: 5)
        #expect(parsed.raw.count == 5)
        for raw in parsed.raw {
            #expect(raw.hasPrefix("<ns1:CdtTrfTxInf>"))
            #expect(raw.hasSuffix("</ns1:CdtTrfTxInf>"))
            #expect(text.contains(raw))
        }
        #expect(parsed.raw[0].contains("A &lt;b&gt; &quot;c&quot; &apos;d&apos;"))
        #expect(parsed.records[0].first { $0.key == "beneficiary_name" }?.value == "A <b> \"c\" 'd'")
    }

    @Test func whitespaceAndCommentsInsideValuesAreHandled() throws {
        let text = """
            <?xml version="1.0"?>
            <!-- exported by hand -->
            <?producer bank-tool 1.2?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>
            <GrpHdr><NbOfTxs> 1 </NbOfTxs><CtrlSum>7.1</CtrlSum></GrpHdr>
            <PmtInf><PmtInfId>X</PmtInfId><ReqdExctnDt>
              2026-01-02
            </ReqdExctnDt>
            <CdtTrfTxInf><PmtId><EndToEndId>
            A<!-- inside -->B
            </EndToEndId></PmtId><Amt><InstdAmt Ccy = 'EUR' >7.10000</InstdAmt></Amt>
            <Cdtr><Nm>N</Nm><Id><OrgId><Othr><Nm>not the name</Nm></Othr></OrgId></Id></Cdtr>
            <UltmtCdtr><Nm>not the name either</Nm></UltmtCdtr>
            </CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn></Document>
            <!-- trailing comment -->
            """
        let parsed = try Kit.parse(text, chunk: 2)
        #expect(parsed.records == [
            Kit.pairs([
                "payment_id": "AB", "end_to_end_id": "AB", "amount": "7.10000", "currency": "EUR",
                "due_date": "2026-01-02", "beneficiary_name": "N",
            ])
        ])
        #expect(parsed.lines == [9])
    }

    @Test func emptyPaymentBlockAndNoTransactionsAreFine() throws {
        var fixture = Pain001Fixture()
        fixture.blocks = [Pain001Fixture.Block(id: "EMPTY", count: "0", sum: "0")]
        fixture.groupCount = "0"
        fixture.groupSum = "0.00"
        let parsed = try Kit.parse(fixture.bytes)
        #expect(parsed.records.isEmpty)
    }

    @Test func outlineHoldsTheHeaders() throws {
        let fixture = Pain001Fixture(version: "09", prefix: "p")
        let reader = XMLRecordReader(source: MemoryByteSource(fixture.bytes, maxChunk: 11))
        #expect(!reader.outline.snapshot().complete)
        while try reader.next() {}
        let outline = reader.outline.snapshot()
        #expect(outline.complete)
        #expect(Kit.string(outline.root.withUnsafeBufferPointer { $0 }).hasPrefix("<p:Document xmlns:p="))
        #expect(outline.rootName == Array("p:Document".utf8))
        #expect(outline.initiation == Array("<p:CstmrCdtTrfInitn>".utf8))
        #expect(outline.paymentBlocks.count == 2)
        let header = String(decoding: outline.paymentBlocks[0].bytes, as: UTF8.self)
        #expect(header.hasPrefix("<p:PmtInf>"))
        #expect(!header.contains("CdtTrfTxInf"))
        if let count = outline.paymentBlocks[0].count, let sum = outline.paymentBlocks[0].sum {
            #expect(outline.paymentBlocks[0].bytes[count] == ArraySlice("2".utf8))
            #expect(outline.paymentBlocks[0].bytes[sum] == ArraySlice("350.50".utf8))
        } else {
            Testing.Issue.record("the first PmtInf's NbOfTxs and CtrlSum were not located")
        }
        #expect(outline.paymentBlocks[1].count == nil)
        if let count = outline.groupHeader.count {
            #expect(outline.groupHeader.bytes[count] == ArraySlice("5".utf8))
        } else {
            Testing.Issue.record("GrpHdr/NbOfTxs was not located")
        }
    }
}
