import IntakeKit
import Testing
import IntakeTestSupport

/// Document shapes, flattening, value kinds, positions and raw bytes.
@Suite struct JSONRecordReaderTests {
    typealias Kit = JSONTestKit

    @Test func topLevelArrayOfRecords() throws {
        let parsed = try Kit.parseAllChunks("[{\"a\":\"x\",\"b\":1},\n {\"a\":\"y\"}]")
        #expect(parsed.shape == .array)
        #expect(
            parsed.records == [
                [Kit.field("a", "x"), Kit.field("b", "1", .number)], [Kit.field("a", "y")],
            ])
        #expect(parsed.paths == ["$[0]", "$[1]"])
        #expect(parsed.indexes == [0, 1])
        #expect(parsed.lines == [1, 2])
        #expect(parsed.raw == ["{\"a\":\"x\",\"b\":1}", "{\"a\":\"y\"}"])
        #expect(parsed.bodyType == nil)
        #expect(parsed.updatePayments == nil)
    }

    @Test func emptyArrayHasNoRecords() throws {
        let parsed = try Kit.parseAllChunks(" [ ] \n")
        #expect(parsed.records.isEmpty)
        #expect(parsed.shape == .array)
    }

    @Test func trustpairBody() throws {
        let text = """
            {"data":{"type":"trustpair/payments_import","attributes":{"records":[
              {"iban":"FR76","amount":12.5},
              {"iban":"DE89"}
            ]}}}
            """
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.shape == .trustpairBody)
        #expect(parsed.bodyType == "trustpair/payments_import")
        #expect(
            parsed.records == [
                [Kit.field("iban", "FR76"), Kit.field("amount", "12.5", .number)],
                [Kit.field("iban", "DE89")],
            ])
        #expect(parsed.paths == ["$.data.attributes.records[0]", "$.data.attributes.records[1]"])
        #expect(parsed.lines == [2, 3])
    }

    @Test func trustpairTypeAfterRecordsAndOtherKeysSkipped() throws {
        let text = """
            {"meta":{"x":[1,{"records":[{"no":1}]}]},"data":{"id":"7",\
            "attributes":{"count":2,"records":[{"k":"v"}],"data":{"type":"not this"}},\
            "links":{"self":"u"},"type":"trustpair/payments_import"},"items":[{"k":"no"}]}
            """
        let reader = JSONRecordReader(source: MemoryByteSource(Kit.bytes(text)), lines: false)
        // `items` next to `data` is refused, so only check up to the record here.
        #expect(try reader.next())
        #expect(reader.shape == .trustpairBody)
        #expect(reader.bodyType == nil, "type comes after the records")
        #expect(Kit.fields(reader) == [Kit.field("k", "v")])
        #expect(throws: JSONError.self) { try reader.next() }

        let valid = """
            {"data":{"attributes":{"records":[{"k":"v"}]},"type":"trustpair/payments_import"},\
            "included":[]}
            """
        let parsed = try Kit.parseAllChunks(valid)
        #expect(parsed.bodyType == "trustpair/payments_import")
        #expect(parsed.records == [[Kit.field("k", "v")]])
    }

    @Test func papayaExampleBody() throws {
        let text = """
            {"items":[{"id":"ben-1","entity_type":"INDIVIDUAL","bank_details":{"account_number":\
            "12345678","bank_code":"401276","account_country":"GB","account_currency":"GBP",\
            "account_name":" Jane Doe"},"entity":{"individual_first_name":"Jane",\
            "individual_last_name":"Doe"}}],"update_payments":true}
            """
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.shape == .papayaBody)
        #expect(parsed.updatePayments == true)
        #expect(parsed.paths == ["$.items[0]"])
        #expect(
            parsed.records == [
                [
                    Kit.field("id", "ben-1"), Kit.field("entity_type", "INDIVIDUAL"),
                    Kit.field("bank_details.account_number", "12345678"),
                    Kit.field("bank_details.bank_code", "401276"),
                    Kit.field("bank_details.account_country", "GB"),
                    Kit.field("bank_details.account_currency", "GBP"),
                    Kit.field("bank_details.account_name", " Jane Doe"),
                    Kit.field("entity.individual_first_name", "Jane"),
                    Kit.field("entity.individual_last_name", "Doe"),
                ]
            ])
        #expect(parsed.raw.first?.hasPrefix("{\"id\":\"ben-1\"") == true)
        #expect(parsed.raw.first?.hasSuffix("\"Doe\"}}") == true)
    }

    @Test func papayaFlagBeforeItemsAndOtherKeys() throws {
        let text = "{\"update_payments\":false,\"next\":null,\"items\":[],\"count\":{\"n\":[0]}}"
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.shape == .papayaBody)
        #expect(parsed.updatePayments == false)
        #expect(parsed.records.isEmpty)
        let absent = try Kit.parseAllChunks("{\"items\":[{}]}")
        #expect(absent.updatePayments == nil)
        #expect(absent.records == [[]])
        #expect(absent.isObject == [true])
    }

    @Test func nestedObjectsFlattenWithDots() throws {
        let text =
            "[{\"a\":{\"b\":{\"c\":\"deep\"},\"d\":true},\"e\":{},\"f\":[1,[2],{\"g\":3}],"
            + "\"h\":null,\"i\":false,\"j\":{\"k\":{}}}]"
        let parsed = try Kit.parseAllChunks(text)
        #expect(
            parsed.records == [
                [
                    Kit.field("a.b.c", "deep"), Kit.field("a.d", "true", .boolean),
                    Kit.field("e", "", .object), Kit.field("f", "", .array),
                    Kit.field("h", "", .null), Kit.field("i", "false", .boolean),
                    Kit.field("j.k", "", .object),
                ]
            ])
    }

    @Test func duplicateKeysAreKeptInOrder() throws {
        let parsed = try Kit.parseAllChunks(
            "[{\"a\":\"1\",\"b\":{\"c\":2},\"a\":\"3\",\"b\":{\"c\":4}}]")
        #expect(
            parsed.records == [
                [
                    Kit.field("a", "1"), Kit.field("b.c", "2", .number), Kit.field("a", "3"),
                    Kit.field("b.c", "4", .number),
                ]
            ])
    }

    @Test func elementsThatAreNotObjects() throws {
        let text = "[1, \"s\", [1,{\"a\":2}], null, true, {\"a\":1}, {}]"
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.isObject == [false, false, false, false, false, true, true])
        #expect(parsed.records.map(\.count) == [0, 0, 0, 0, 0, 1, 0])
        #expect(parsed.raw == ["1", "\"s\"", "[1,{\"a\":2}]", "null", "true", "{\"a\":1}", "{}"])
        #expect(parsed.paths == (0..<7).map { "$[\($0)]" })
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let input: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Kit.bytes("[\r\n{\"a\":\"x\"},\r\n{\"a\":\"y\"}\r\n]\r\n")
        let parsed = try Kit.parseAllChunks(input)
        #expect(parsed.records == [[Kit.field("a", "x")], [Kit.field("a", "y")]])
        #expect(parsed.lines == [2, 3])
        #expect(parsed.raw == ["{\"a\":\"x\"}", "{\"a\":\"y\"}"])
        // A BOM alone is an empty document; a BOM prefix is not a BOM.
        #expect(Kit.code(Kit.string([0xEF, 0xBB, 0xBF])) == "empty")
        #expect(Kit.codeAllChunks([0xEF, 0xBB]) == "invalid_encoding")
    }

    @Test func rawRecordAndLinesOfMultiLineRecords() throws {
        let text = "[\n  {\n    \"a\": \"x\",\n    \"b\": [\n 1\n ]\n  },\n\n  {\"c\":\"é\"}  ]"
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.lines == [2, 9])
        #expect(parsed.raw == ["{\n    \"a\": \"x\",\n    \"b\": [\n 1\n ]\n  }", "{\"c\":\"é\"}"])
        #expect(parsed.records[1] == [Kit.field("c", "é")])
    }

    @Test func keysAndValuesStayValidTogetherForLargeRecords() throws {
        var options = JSONReaderOptions()
        options.bufferSize = 16
        let members = (0..<200).map { "\"key\($0)\":{\"v\":\"value \($0) \\u00e9\"}" }
        let text = "[{" + members.joined(separator: ",") + "},{\"z\":1}]"
        let parsed = try Kit.parseAllChunks(text, options: options)
        #expect(parsed.records.first == (0..<200).map { Kit.field("key\($0).v", "value \($0) é") })
        #expect(parsed.records.last == [Kit.field("z", "1", .number)])
        #expect(parsed.raw.first?.utf8.count == text.utf8.count - 10)
    }

    @Test func envelopeKeysMatchExactly() throws {
        let long = String(repeating: "items", count: 40)
        let text =
            "{\"dat\":1,\"datax\":{\"records\":[]},\"items_\":[1],\"ITEMS\":[2],"
            + "\"\(long)\":[3],\"items\":[{\"a\":1}],\"Update_payments\":\"x\"}"
        let parsed = try Kit.parseAllChunks(text)
        #expect(parsed.shape == .papayaBody)
        #expect(parsed.records == [[Kit.field("a", "1", .number)]])
        #expect(parsed.updatePayments == nil)
    }

    @Test func bodyTypeIsKnownWhileReading() throws {
        let text = "{\"data\":{\"type\":\"t\\u00e9\",\"attributes\":{\"records\":[{},{}]}}}"
        for chunk in Kit.chunkSizes {
            let reader = JSONRecordReader(
                source: MemoryByteSource(Kit.bytes(text), maxChunk: chunk), lines: false)
            #expect(reader.shape == nil)
            #expect(try reader.next())
            #expect(reader.shape == .trustpairBody)
            #expect(reader.bodyType == "té")
            #expect(reader.index == 0)
            #expect(try reader.next())
            #expect(reader.index == 1)
            #expect(try !reader.next())
        }
    }
}
