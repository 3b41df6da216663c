import IntakeKit
import Testing
import IntakeTestSupport

/// The delimited-text dialects ERPs and Excel write: tab, pipe, `sep=` lines.
@Suite struct CSVDialectTests {
    typealias Kit = CSVTestKit

    @Test func theDelimiterIsTheHeadersMostFrequentCandidate() throws {
        let cases: [(String, UInt8)] = [
            ("a,b;c,d\n1,2;3,4\n", 0x2C),
            ("a;b;c,d\n1;2;3,4\n", 0x3B),
            ("a\tb\tc;d\n1\t2\t3;4\n", 0x09),
            ("a|b|c\n1|2|3\n", 0x7C),
            ("\"x,y\"|b\n1|2\n", 0x7C),
            ("single\n1\n", 0x2C),
        ]
        for (text, delimiter) in cases {
            for chunk in Kit.chunkSizes {
                let parsed = try Kit.parse(text, chunk: chunk)
                #expect(parsed.delimiter == delimiter, "\(text) chunk \(chunk)")
            }
        }
        let tabs = try Kit.parse("Payment ID\tAmount\r\nP-1\t12,50\r\n", chunk: 3)
        #expect(tabs.header == ["Payment ID", "Amount"])
        #expect(tabs.records == [["P-1", "12,50"]], "a comma inside a tab-delimited file is text")
    }

    @Test func excelsSepLineSetsTheDelimiterAndIsNotTheHeader() throws {
        let text = "sep=;\r\npayment_id;amount,eur\r\nP-1;12,50\r\nP-2;3\r\n"
        for chunk in Kit.chunkSizes {
            let parsed = try Kit.parse(text, chunk: chunk)
            #expect(parsed.delimiter == 0x3B, "chunk \(chunk)")
            #expect(parsed.header == ["payment_id", "amount,eur"])
            #expect(parsed.records == [["P-1", "12,50"], ["P-2", "3"]])
            #expect(parsed.lines == [3, 4], "line stays the physical line")
        }
        let reader = CSVReader(source: MemoryByteSource([0xEF, 0xBB, 0xBF] + Kit.bytes("SEP=|\nid|n\n1|2\n")))
        #expect(try reader.readHeader() == ["id", "n"])
        #expect(reader.headerLine == 2)
        #expect(reader.rawHeader == [0xEF, 0xBB, 0xBF] + Kit.bytes("SEP=|\nid|n\n"), "kept for the rejected file")
        // Not a sep line: a column named sep=x… stays the header.
        #expect(try Kit.parse("sep=ab,c\n1,2\n", chunk: 1).header == ["sep=ab", "c"])
        #expect(try Kit.parse("sep=\n", chunk: 1).header == ["sep="])
    }

    @Test func aMissingColumnIsExplainedWithTheHeaderAsReadAndNearMisses() {
        let header = ["payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iabn", "beneficiary_country"]
        let context = HeaderMapping.Context(line: 2, encoding: "windows-1252", delimiter: 0x3B)
        #expect {
            _ = try HeaderMapping(header: header, schema: ImportType.payments.schema, context: context)
        } throws: { error in
            guard let failure = error as? DocumentFailure else { return false }
            let message = failure.error.message
            return failure.error.code == "missing_column" && failure.error.line == 2
                && message.contains("beneficiary_iban") && message.contains("did you mean beneficiary_iban")
                && message.contains("\"beneficiary_iabn\"") && message.contains("windows-1252")
                && message.contains("';' (semicolon)") && message.contains("\"payment_id\", \"amount\"")
        }
        // A header split on the wrong delimiter: one column, and the advice names the delimiter.
        #expect {
            _ = try HeaderMapping(header: ["payment_id|amount|currency"], schema: ImportType.payments.schema,
                                  context: .init(line: 1, encoding: "UTF-8", delimiter: 0x2C))
        } throws: { error in
            (error as? DocumentFailure)?.error.message.contains("check the delimiter") == true
        }
    }
}
