import IntakeFixtures
import Testing

/// The generator is deterministic and marks invalid exactly the rows the
/// reference script's rule names, one defect each, in rotation.
@Suite struct PaymentsGeneratorTests {
    @Test func sameArgumentsGiveTheSameBytes() {
        let a = PaymentsGenerator(rows: 500, seed: 9).generateInMemory()
        let b = PaymentsGenerator(rows: 500, seed: 9).generateInMemory()
        let c = PaymentsGenerator(rows: 500, seed: 10).generateInMemory()
        #expect(a.bytes == b.bytes)
        #expect(a.bytes != c.bytes)
    }

    @Test func invalidRowsFollowTheFloorRuleAndRotateDefects() {
        let rows = 1_000
        let generated = PaymentsGenerator(rows: rows, seed: 1, errorRate: (2, 100)).generateInMemory()
        let expectedRows = (0..<rows).filter { ($0 + 1) * 2 / 100 > $0 * 2 / 100 }
        #expect(generated.invalidRows.keys.sorted() == expectedRows)
        #expect(generated.counts.values.reduce(0, +) == 20)
        #expect(Set(generated.counts.keys) == Set(PaymentsGenerator.Defect.allCases))
        let order = expectedRows.compactMap { generated.invalidRows[$0] }
        // The rotation may only deviate where duplicate_id had no earlier valid row.
        for (index, defect) in order.enumerated() where defect != .ibanCheck {
            #expect(defect == PaymentsGenerator.Defect.allCases[index % 7])
        }
    }

    @Test func lineEndingAndBOMOptions() {
        let plain = PaymentsGenerator(rows: 20, seed: 2).generateInMemory().bytes
        let crlf = PaymentsGenerator(rows: 20, seed: 2, lineEnding: .crlf, bom: true).generateInMemory().bytes
        #expect(Array(crlf.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(!plain.contains(0x0D))
        let lf = plain.filter { $0 == 0x0A }.count
        #expect(lf == 21)
        #expect(String(decoding: crlf, as: UTF8.self).components(separatedBy: "\r\n").count - 1 >= 21)
        #expect(String(decoding: plain, as: UTF8.self).hasPrefix(
            "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference\n"))
    }
}
