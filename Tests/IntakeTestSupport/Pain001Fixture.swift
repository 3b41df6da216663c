/// pain.001 documents written from the standard's structure (GrpHdr, PmtInf,
/// CdtTrfTxInf), with knobs for the tests.
package struct Pain001Fixture {
    package struct Transaction {
        package var instructionID: String? = nil
        package var endToEndID: String? = nil
        package var amount = "10.00"
        package var currency = "EUR"
        package var bic: String? = nil
        package var name: String? = nil
        package var country: String? = nil
        package var iban: String? = nil
        package var references: [String] = []

        package init(
            instructionID: String? = nil, endToEndID: String? = nil, amount: String = "10.00", currency: String = "EUR",
            bic: String? = nil, name: String? = nil, country: String? = nil, iban: String? = nil, references: [String] = []
        ) {
            self.instructionID = instructionID
            self.endToEndID = endToEndID
            self.amount = amount
            self.currency = currency
            self.bic = bic
            self.name = name
            self.country = country
            self.iban = iban
            self.references = references
        }
    }

    package struct Block {
        package var id: String
        package var date = "2026-06-02"
        /// v09 only: write `ReqdExctnDt/DtTm` instead of `Dt`.
        package var dateTime = false
        package var debtor = "Acme Payments SA"
        package var debtorIBAN = "FR1420041010050500013M02606"
        package var count: String? = nil
        package var sum: String? = nil
        package var transactions: [Transaction] = []

        package init(
            id: String, date: String = "2026-06-02", dateTime: Bool = false, debtor: String = "Acme Payments SA",
            debtorIBAN: String = "FR1420041010050500013M02606", count: String? = nil, sum: String? = nil,
            transactions: [Transaction] = []
        ) {
            self.id = id
            self.date = date
            self.dateTime = dateTime
            self.debtor = debtor
            self.debtorIBAN = debtorIBAN
            self.count = count
            self.sum = sum
            self.transactions = transactions
        }
    }

    /// The ISO version "03" to "11" (BIC up to .03, BICFI from .04; ReqdExctnDt
    /// a date up to .07, a Dt/DtTm choice from .08).
    package var version = "03"
    /// Another namespace (DK's pain.001.003.03, SIX's .ch.02), written with `version`'s elements.
    package var namespaceOverride: String? = nil
    /// The XML declaration's encoding label.
    package var declaredEncoding = "UTF-8"
    /// Element prefix (`p`), declared on the root; empty for the default namespace.
    package var prefix = ""
    package var groupCount: String? = "5"
    package var groupSum: String? = "1776.25"
    package var blocks: [Block] = Pain001Fixture.standardBlocks

    package init(
        version: String = "03", namespaceOverride: String? = nil, declaredEncoding: String = "UTF-8", prefix: String = "",
        groupCount: String? = "5", groupSum: String? = "1776.25", blocks: [Block] = Pain001Fixture.standardBlocks
    ) {
        self.version = version
        self.namespaceOverride = namespaceOverride
        self.declaredEncoding = declaredEncoding
        self.prefix = prefix
        self.groupCount = groupCount
        self.groupSum = groupSum
        self.blocks = blocks
    }

    package static let standardBlocks: [Block] = [
        Block(
            id: "PMT-1", count: "2", sum: "350.50",
            transactions: [
                Transaction(
                    instructionID: "I-1", endToEndID: "E2E-1", amount: "100.50", bic: "COBADEFFXXX",
                    name: "Müller &amp; Söhne GmbH", country: "DE", iban: "DE89370400440532013000",
                    references: ["Invoice 1", "Order 7"]),
                Transaction(
                    instructionID: "I-2", endToEndID: "NOTPROVIDED", amount: "250", currency: "GBP",
                    bic: "NWBKGB2L", name: "<![CDATA[Smith & <Sons> Ltd]]>", iban: "GB29NWBK60161331926819"),
            ]),
        Block(
            id: "PMT-2", date: "2026-06-03", debtorIBAN: "DE89370400440532013000",
            transactions: [
                Transaction(
                    endToEndID: "E2E-3", amount: "1000.00", bic: "PSSTFRPPPAR", name: "Caf&#233; &#x20AC; SARL",
                    iban: "FR1420041010050500013M02606", references: ["  spaced  "]),
                Transaction(instructionID: "I-4", amount: "400.75", name: "No Id Ltd", iban: "GB29NWBK60161331926819"),
                Transaction(endToEndID: "E2E-5", amount: "25", iban: "DE89370400440532013000"),
            ]),
    ]

    private func tag(_ name: String) -> String { prefix.isEmpty ? name : prefix + ":" + name }

    private func element(_ name: String, _ content: String, _ attributes: String = "") -> String {
        "<\(tag(name))\(attributes)>\(content)</\(tag(name))>"
    }

    package var namespace: String { namespaceOverride ?? "urn:iso:std:iso:20022:tech:xsd:pain.001.001.\(version)" }

    package var text: String {
        let xmlns = prefix.isEmpty ? "xmlns" : "xmlns:" + prefix
        var out = "<?xml version=\"1.0\" encoding=\"\(declaredEncoding)\"?>\n"
        out += "<\(tag("Document")) \(xmlns)=\"\(namespace)\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        out += "  <\(tag("CstmrCdtTrfInitn"))>\n"
        out += "    <\(tag("GrpHdr"))>\n"
        out += "      " + element("MsgId", "MSG-2026-0001") + "\n"
        out += "      " + element("CreDtTm", "2026-06-01T09:30:00") + "\n"
        if let groupCount { out += "      " + element("NbOfTxs", groupCount) + "\n" }
        if let groupSum { out += "      " + element("CtrlSum", groupSum) + "\n" }
        out += "      " + element("InitgPty", element("Nm", "Acme Payments SA")) + "\n"
        out += "    </\(tag("GrpHdr"))>\n"
        for block in blocks { out += blockText(block) }
        out += "  </\(tag("CstmrCdtTrfInitn"))>\n"
        out += "</\(tag("Document"))>\n"
        return out
    }

    private func blockText(_ block: Block) -> String {
        let number = Int(version) ?? 3
        let bic = number <= 3 ? "BIC" : "BICFI"
        var out = "    <\(tag("PmtInf"))>\n"
        out += "      " + element("PmtInfId", block.id) + "\n"
        out += "      " + element("PmtMtd", "TRF") + "\n"
        if let count = block.count { out += "      " + element("NbOfTxs", count) + "\n" }
        if let sum = block.sum { out += "      " + element("CtrlSum", sum) + "\n" }
        if number < 8 {
            out += "      " + element("ReqdExctnDt", block.date) + "\n"
        } else if block.dateTime {
            out += "      " + element("ReqdExctnDt", element("DtTm", block.date + "T10:00:00")) + "\n"
        } else {
            out += "      " + element("ReqdExctnDt", element("Dt", block.date)) + "\n"
        }
        out += "      " + element("Dbtr", element("Nm", block.debtor)) + "\n"
        out += "      " + element("DbtrAcct", element("Id", element("IBAN", block.debtorIBAN))) + "\n"
        out += "      " + element("DbtrAgt", element("FinInstnId", element(bic, "PSSTFRPPPAR"))) + "\n"
        for transaction in block.transactions {
            out += "      <\(tag("CdtTrfTxInf"))>\n"
            var ids = ""
            if let id = transaction.instructionID { ids += element("InstrId", id) }
            if let id = transaction.endToEndID { ids += element("EndToEndId", id) }
            out += "        " + element("PmtId", ids) + "\n"
            out += "        " + element("Amt", element("InstdAmt", transaction.amount, " Ccy=\"\(transaction.currency)\"")) + "\n"
            if let value = transaction.bic {
                out += "        " + element("CdtrAgt", element("FinInstnId", element(bic, value))) + "\n"
            }
            var creditor = transaction.name.map { element("Nm", $0) } ?? ""
            if let country = transaction.country { creditor += element("PstlAdr", element("Ctry", country)) }
            out += "        " + element("Cdtr", creditor) + "\n"
            if let iban = transaction.iban {
                out += "        " + element("CdtrAcct", element("Id", element("IBAN", iban))) + "\n"
            }
            if !transaction.references.isEmpty {
                out += "        " + element("RmtInf", transaction.references.map { element("Ustrd", $0) }.joined()) + "\n"
            }
            out += "      </\(tag("CdtTrfTxInf"))>\n"
        }
        out += "    </\(tag("PmtInf"))>\n"
        return out
    }

    package var bytes: [UInt8] { Array(text.utf8) }
}
