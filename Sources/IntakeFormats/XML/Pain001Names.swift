import IntakeCore
import IntakeSystem
/// The pain.001 element names the reader looks at, matched on local names.
enum Pain001Name: UInt8 {
    case other
    case initiation, groupHeader, numberOfTransactions, controlSum, paymentBlock, paymentBlockID
    case requestedDate, date, dateTime, debtor, name, debtorAccount, id, iban
    case transaction, paymentID, endToEndID, instructionID, amount, instructedAmount
    case creditor, postalAddress, country, creditorAccount, creditorAgent, institution
    case bic, bicfi, remittance, unstructured, messageID

    private static let spelled: [(String, Pain001Name)] = [
        ("CstmrCdtTrfInitn", .initiation), ("GrpHdr", .groupHeader), ("NbOfTxs", .numberOfTransactions),
        ("CtrlSum", .controlSum), ("PmtInf", .paymentBlock), ("PmtInfId", .paymentBlockID),
        ("ReqdExctnDt", .requestedDate), ("Dt", .date), ("DtTm", .dateTime), ("Dbtr", .debtor),
        ("Nm", .name), ("DbtrAcct", .debtorAccount), ("Id", .id), ("IBAN", .iban),
        ("CdtTrfTxInf", .transaction), ("PmtId", .paymentID), ("EndToEndId", .endToEndID),
        ("InstrId", .instructionID), ("Amt", .amount), ("InstdAmt", .instructedAmount),
        ("Cdtr", .creditor), ("PstlAdr", .postalAddress), ("Ctry", .country),
        ("CdtrAcct", .creditorAccount), ("CdtrAgt", .creditorAgent), ("FinInstnId", .institution),
        ("BIC", .bic), ("BICFI", .bicfi), ("RmtInf", .remittance), ("Ustrd", .unstructured), ("MsgId", .messageID),
    ]

    /// The names grouped by length, so a lookup compares only same-length names.
    private static let byLength: [[([UInt8], Pain001Name)]] = {
        var table = [[([UInt8], Pain001Name)]](repeating: [], count: 17)
        for (text, name) in spelled { table[text.utf8.count].append((Array(text.utf8), name)) }
        return table
    }()

    /// The name for a local name's bytes, `.other` when it is not one of ours.
    static func lookup(_ local: UnsafeBufferPointer<UInt8>) -> Pain001Name {
        guard local.count < byLength.count else { return .other }
        for (bytes, name) in byLength[local.count] {
            let same = bytes.withUnsafeBufferPointer { XMLScanner.equal($0, local) }
            if same { return name }
        }
        return .other
    }
}
