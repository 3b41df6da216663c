import Foundation
import IntakeKit

/// One record as ordered (dotted field name, text) pairs, rendered into every
/// document format a type accepts, so that tests can drop the same records as
/// CSV, JSON, JSON Lines, an API body or XML.
package typealias TestFields = [(String, String)]

package enum RecordDocuments {
    /// RFC 4180 CSV with the union of the records' names as its header.
    package static func csv(_ records: [TestFields]) -> String {
        var names: [String] = []
        for record in records { for (name, _) in record where !names.contains(name) { names.append(name) } }
        var out = names.joined(separator: ",") + "\n"
        for record in records {
            out += names.map { name in cell(record.first { $0.0 == name }?.1 ?? "") }.joined(separator: ",") + "\n"
        }
        return out
    }

    package static func cell(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// One record as a JSON object, dotted names nested (`bank_details.bank_name`).
    package static func object(_ record: TestFields) -> String {
        var groups: [(String, TestFields)] = []
        var out: [String] = []
        for (name, value) in record {
            if let dot = name.firstIndex(of: ".") {
                let head = String(name[..<dot])
                let rest = String(name[name.index(after: dot)...])
                if let index = groups.firstIndex(where: { $0.0 == head }) {
                    groups[index].1.append((rest, value))
                } else {
                    groups.append((head, [(rest, value)]))
                    out.append("@\(head)")
                }
            } else {
                out.append(quoted(name) + ":" + quoted(value))
            }
        }
        let members = out.map { member -> String in
            guard member.hasPrefix("@") else { return member }
            let head = String(member.dropFirst())
            return quoted(head) + ":" + object(groups.first { $0.0 == head }?.1 ?? [])
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    package static func jsonArray(_ records: [TestFields]) -> String {
        "[\n" + records.map(object).joined(separator: ",\n") + "\n]\n"
    }

    package static func jsonLines(_ records: [TestFields]) -> String {
        records.map { object($0) + "\n" }.joined()
    }

    /// Trustpair's request body.
    package static func trustpairBody(_ type: ImportType, _ records: [TestFields], typeFirst: Bool = true) -> String {
        let list = "\"records\":[\n" + records.map(object).joined(separator: ",\n") + "\n]"
        let typeMember = "\"type\":" + quoted(type.apiType)
        let attributes = "\"attributes\":{" + list + "}"
        return "{\"data\":{" + (typeFirst ? typeMember + "," + attributes : attributes + "," + typeMember) + "}}\n"
    }

    /// Papaya's request body.
    package static func papayaBody(_ records: [TestFields], updatePayments: Bool) -> String {
        "{\"items\":[\n" + records.map(object).joined(separator: ",\n") + "\n],\"update_payments\":\(updatePayments)}\n"
    }

    /// The flat XML form, dotted names nested.
    package static func flatXML(_ records: [TestFields]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<records>\n" + records.map { record in
            "  <record>" + xmlElements(record) + "</record>\n"
        }.joined() + "</records>\n"
    }

    package static func xmlElements(_ record: TestFields) -> String {
        var out = ""
        var done: Set<String> = []
        for (name, value) in record {
            if let dot = name.firstIndex(of: ".") {
                let head = String(name[..<dot])
                guard done.insert(head).inserted else { continue }
                let inner = record.compactMap { pair -> (String, String)? in
                    guard pair.0.hasPrefix(head + ".") else { return nil }
                    return (String(pair.0.dropFirst(head.count + 1)), pair.1)
                }
                out += "<\(head)>" + xmlElements(inner) + "</\(head)>"
            } else {
                out += "<\(name)>" + escaped(value) + "</\(name)>"
            }
        }
        return out
    }

    package static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// An ISO 20022 pain.001 credit transfer initiation of payments records
    /// (`payment_id` as EndToEndId, all in one payment block dated by the first
    /// record's `due_date`, the debtor from the first record).
    package static func pain001(_ records: [TestFields], version: String = "pain.001.001.09", ctrlSum: String? = nil) -> String {
        func field(_ record: TestFields, _ name: String) -> String { record.first { $0.0 == name }?.1 ?? "" }
        let first = records.first ?? []
        let v09 = version.hasSuffix("09")
        let date = field(first, "due_date")
        let sum = ctrlSum ?? {
            var cents = 0
            for record in records {
                let parts = field(record, "amount").split(separator: ".")
                cents += (Int(parts.first ?? "0") ?? 0) * 100 + (parts.count > 1 ? Int(parts[1].prefix(2).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0)
            }
            return String(format: "%d.%02d", cents / 100, cents % 100)
        }()
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:\(version)">
              <CstmrCdtTrfInitn>
                <GrpHdr>
                  <MsgId>MSG-TEST-1</MsgId>
                  <CreDtTm>2026-11-20T10:00:00</CreDtTm>
                  <NbOfTxs>\(records.count)</NbOfTxs>
                  <CtrlSum>\(sum)</CtrlSum>
                  <InitgPty><Nm>\(escaped(field(first, "debtor_name")))</Nm></InitgPty>
                </GrpHdr>
                <PmtInf>
                  <PmtInfId>PMT-1</PmtInfId>
                  <PmtMtd>TRF</PmtMtd>
                  <NbOfTxs>\(records.count)</NbOfTxs>
                  <ReqdExctnDt>\(v09 ? "<Dt>\(date)</Dt>" : date)</ReqdExctnDt>
                  <Dbtr><Nm>\(escaped(field(first, "debtor_name")))</Nm></Dbtr>
                  <DbtrAcct><Id><IBAN>\(field(first, "debtor_iban"))</IBAN></Id></DbtrAcct>
                  <DbtrAgt><FinInstnId><\(v09 ? "BICFI" : "BIC")>BNPAFRPP</\(v09 ? "BICFI" : "BIC")></FinInstnId></DbtrAgt>

            """
        for record in records {
            let bic = v09 ? "BICFI" : "BIC"
            out += """
                      <CdtTrfTxInf>
                        <PmtId><InstrId>I-\(escaped(field(record, "payment_id")))</InstrId><EndToEndId>\(escaped(field(record, "payment_id")))</EndToEndId></PmtId>
                        <Amt><InstdAmt Ccy="\(field(record, "currency"))">\(field(record, "amount"))</InstdAmt></Amt>
                        <CdtrAgt><FinInstnId><\(bic)>\(field(record, "beneficiary_bic"))</\(bic)></FinInstnId></CdtrAgt>
                        <Cdtr><Nm>\(escaped(field(record, "beneficiary_name")))</Nm><PstlAdr><Ctry>\(field(record, "beneficiary_country"))</Ctry></PstlAdr></Cdtr>
                        <CdtrAcct><Id><IBAN>\(field(record, "beneficiary_iban"))</IBAN></Id></CdtrAcct>
                        <RmtInf><Ustrd>\(escaped(field(record, "reference")))</Ustrd></RmtInf>
                      </CdtTrfTxInf>

                """
        }
        return out + "    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n"
    }
}
