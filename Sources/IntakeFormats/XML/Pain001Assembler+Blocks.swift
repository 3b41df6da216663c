import IntakeCore
import IntakeSystem
/// Payment blocks, transactions and the document checks.
extension Pain001Assembler {
    func beginPaymentBlock(_ scanner: XMLScanner) {
        paymentIndex += 1
        paymentStart = scanner.tokenStart
        paymentLine = scanner.tokenLine
        headerCaptured = false
        paymentHeader = Pain001Outline.Header(name: Array(scanner.qualifiedName))
        paymentID = nil
        paymentCount = nil
        paymentSum = nil
        dueDate = nil
        debtorName = nil
        debtorIBAN = nil
        paymentTransactions = 0
        paymentTotal = 0
        paymentTotalValid = true
        pin(scanner, at: paymentStart)
    }

    func endPaymentBlock(_ scanner: XMLScanner) {
        scanner.pin = nil
        if !headerCaptured {
            // No transaction: nothing will ever be rejected from it; keep the index.
            outline.update { $0.paymentBlocks.append(Pain001Outline.Header()) }
        }
        guard pendingFailure == nil else { return }
        let id = paymentID.map { String(decoding: $0, as: UTF8.self) } ?? "#\(paymentIndex + 1)"
        if let paymentCount {
            guard let declared = XMLDecimal.count(paymentCount) else {
                pendingFailure = XMLError(
                    .countMismatch,
                    "PmtInf '\(id)': NbOfTxs '\(String(decoding: paymentCount, as: UTF8.self))' is not a number",
                    line: paymentLine)
                return
            }
            guard declared == paymentTransactions else {
                pendingFailure = XMLError(
                    .countMismatch,
                    "PmtInf '\(id)': NbOfTxs says \(declared) but the block holds \(paymentTransactions)"
                        + " transactions (CdtTrfTxInf); fix NbOfTxs or send the missing transactions",
                    line: paymentLine)
                return
            }
        }
        if let paymentSum {
            guard let declared = XMLDecimal.parse(paymentSum) else {
                pendingFailure = XMLError(
                    .sumMismatch,
                    "PmtInf '\(id)': CtrlSum '\(String(decoding: paymentSum, as: UTF8.self))' is not a decimal number",
                    line: paymentLine)
                return
            }
            if paymentTotalValid && declared != paymentTotal {
                pendingFailure = XMLError(
                    .sumMismatch,
                    "PmtInf '\(id)': CtrlSum says \(XMLDecimal.text(declared)) but its amounts add up to"
                        + " \(XMLDecimal.text(paymentTotal)); fix CtrlSum or the amounts",
                    line: paymentLine)
            }
        }
    }

    func beginTransaction(_ scanner: XMLScanner, _ record: XMLCurrentRecord) {
        if !headerCaptured {
            headerCaptured = true
            paymentHeader.bytes = Array(scanner.absoluteBytes(paymentStart, scanner.tokenStart))
            let header = paymentHeader
            outline.update { $0.paymentBlocks.append(header) }
        }
        for index in present.indices { present[index] = false }
        record.rawStart = scanner.tokenStart
        record.line = scanner.tokenLine
        pin(scanner, at: scanner.tokenStart)
    }

    func endTransaction(_ scanner: XMLScanner, _ record: XMLCurrentRecord) {
        paymentTransactions += 1
        totalCount += 1
        let amount = Slot.amount.rawValue
        if present[amount], let value = XMLDecimal.parse(slots[amount]) {
            paymentTotal += value
            totalSum += value
        } else {
            paymentTotalValid = false
            totalSumValid = false
        }
        record.rawEnd = scanner.tokenEnd
        record.group = paymentIndex
        record.index = paymentTransactions
        record.derivedID = nil
        buildFields(record.fields, record)
        scanner.pin = nil
    }

    private func buildFields(_ fields: XMLFieldTable, _ record: XMLCurrentRecord) {
        fields.reset()
        let endToEnd = Slot.endToEnd.rawValue
        let instruction = Slot.instruction.rawValue
        let hasEndToEnd = present[endToEnd] && !slots[endToEnd].isEmpty && !slots[endToEnd].elementsEqual("NOTPROVIDED".utf8)
        if hasEndToEnd {
            fields.append(key: "payment_id", value: slots[endToEnd])
        } else if present[instruction] && !slots[instruction].isEmpty {
            fields.append(key: "payment_id", value: slots[instruction])
        } else {
            let id = derivedID(position: paymentTransactions)
            record.derivedID = id
            fields.append(key: "payment_id", value: Array(id.utf8))
        }
        if hasEndToEnd { fields.append(key: "end_to_end_id", value: slots[endToEnd]) }
        add(.amount, "amount", fields)
        add(.currency, "currency", fields)
        if let dueDate { fields.append(key: "due_date", value: dueDate) }
        add(.name, "beneficiary_name", fields)
        add(.iban, "beneficiary_iban", fields)
        add(.bic, "beneficiary_bic", fields)
        if present[Slot.country.rawValue] {
            add(.country, "beneficiary_country", fields)
        } else if present[Slot.iban.rawValue] && slots[Slot.iban.rawValue].count >= 2 {
            fields.append(key: "beneficiary_country", value: Array(slots[Slot.iban.rawValue].prefix(2)))
        }
        add(.reference, "reference", fields)
        if let debtorName { fields.append(key: "debtor_name", value: debtorName) }
        if let debtorIBAN { fields.append(key: "debtor_iban", value: debtorIBAN) }
    }

    /// A stable id for a transaction without one: `MSGID/PMTINFID/N` (N its
    /// 1-based position in the block), or `PAIN-` and a digest of it when that
    /// is longer than a payment id may be (64).
    func derivedID(position: Int) -> String {
        let message = messageID.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let block = paymentID.map { String(decoding: $0, as: UTF8.self) } ?? "PMTINF\(paymentIndex + 1)"
        let id = "\(message)/\(block)/\(position)"
        guard id.utf8.count > 64 else { return id }
        var hasher = SHA256()
        hasher.update(Array(id.utf8))
        return "PAIN-" + SHA256.hex(hasher.finalize()).prefix(40)
    }

    private func add(_ slot: Slot, _ key: StaticString, _ fields: XMLFieldTable) {
        if present[slot.rawValue] { fields.append(key: key, value: slots[slot.rawValue]) }
    }

    func finish(_ scanner: XMLScanner) throws(XMLError) {
        guard sawInitiation else {
            throw XMLError(
                .root,
                "the pain.001 <Document> has no <CstmrCdtTrfInitn> (customer credit transfer initiation);"
                    + " Intake reads pain.001 payment initiations only",
                line: nil)
        }
        guard let groupCount else {
            throw XMLError(
                .countMismatch, "GrpHdr has no NbOfTxs; the group header must give the number of transactions",
                line: groupLine == 0 ? nil : groupLine)
        }
        guard let declared = XMLDecimal.count(groupCount) else {
            throw XMLError(
                .countMismatch, "GrpHdr/NbOfTxs '\(String(decoding: groupCount, as: UTF8.self))' is not a number",
                line: groupLine)
        }
        guard declared == totalCount else {
            throw XMLError(
                .countMismatch,
                "GrpHdr/NbOfTxs says \(declared) but the file holds \(totalCount) transactions (CdtTrfTxInf);"
                    + " fix NbOfTxs or send the missing transactions",
                line: groupLine)
        }
        if let groupSum {
            guard let sum = XMLDecimal.parse(groupSum) else {
                throw XMLError(
                    .sumMismatch, "GrpHdr/CtrlSum '\(String(decoding: groupSum, as: UTF8.self))' is not a decimal number",
                    line: groupLine)
            }
            guard !totalSumValid || sum == totalSum else {
                throw XMLError(
                    .sumMismatch,
                    "GrpHdr/CtrlSum says \(XMLDecimal.text(sum)) but the amounts add up to"
                        + " \(XMLDecimal.text(totalSum)); fix CtrlSum or the amounts",
                    line: groupLine)
            }
        }
        if let pendingFailure { throw pendingFailure }
        outline.update { $0.complete = true }
    }
}
