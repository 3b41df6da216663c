import IntakeKit
import Testing
import IntakeTestSupport

/// DTDs, entities and nesting: refused at once, nothing expanded, nothing fetched.
@Suite struct XMLReaderSecurityTests {
    typealias Kit = XMLTestKit

    @Test(arguments: [1, Int.max])
    func externalEntityIsRefusedWithoutReadingTheFile(chunk: Int) throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <records><record><a>&x;</a></record></records>
            """
        var observed: [UInt8] = []
        let reader = XMLRecordReader(
            source: MemoryByteSource(Kit.bytes(text), maxChunk: chunk), observe: { observed.append(contentsOf: $0) })
        var seen = ""
        do {
            while try reader.next() {
                for index in 0..<reader.fieldCount { seen += Kit.string(reader.value(index)) }
            }
            Testing.Issue.record("a document with a DOCTYPE was read")
        } catch {
            #expect(error.code == "xml_dtd_refused")
            #expect(error.line == 2)
            seen += error.description
        }
        #expect(!seen.contains("root:"))
        #expect(!String(decoding: observed, as: UTF8.self).contains("root:"))
    }

    @Test func billionLaughsIsRefusedBeforeReadingOn() {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            text += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        text += "]>\n<records><record><a>&lol9;</a></record></records>\n"
        // Megabytes of padding after the DOCTYPE are never read.
        let input = Kit.bytes(text) + Kit.bytes("<!--") + [UInt8](repeating: 0x61, count: 8 << 20)
        var read = 0
        let reader = XMLRecordReader(
            source: MemoryByteSource(input, maxChunk: 64 << 10), observe: { read += $0.count })
        #expect(throws: XMLError.self) { while try reader.next() {} }
        #expect(read <= 64 << 10)
        #expect(Kit.failure(text)?.code == "xml_dtd_refused")
        #expect(Kit.failure("<!DOCTYPE records SYSTEM \"http://example.com/x.dtd\"><records/>")?.code == "xml_dtd_refused")
        #expect(Kit.failure("<records><!ENTITY x \"y\"></records>")?.code == "xml_dtd_refused")
    }

    @Test(arguments: [1, Int.max])
    func unknownEntitiesAreRefused(chunk: Int) {
        for text in [
            "<records><record><a>&unknown;</a></record></records>",
            "<records><record a=\"&nbsp;\"/></records>",
            "<records><record><a>&lolz</a></record></records>",
        ] {
            let error = Kit.failure(text, chunk: chunk)
            #expect(error?.code == (text.contains("lolz<") ? "xml_syntax" : "xml_entity_refused"), "\(text)")
        }
        var fixture = Pain001Fixture()
        fixture.blocks[0].transactions[0].name = "Smith &company; Ltd"
        #expect(Kit.failure(fixture.bytes, chunk: chunk)?.code == "xml_entity_refused")
        #expect(Kit.failure(fixture.bytes, chunk: chunk)?.message.contains("&company;") == true)
    }

    @Test func deepNestingFailsFastWithoutRecursion() {
        let depth = 100_000
        let input = Kit.bytes(String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth))
        var read = 0
        let reader = XMLRecordReader(source: MemoryByteSource(input, maxChunk: 4096), observe: { read += $0.count })
        do {
            while try reader.next() {}
            Testing.Issue.record("100k nested elements were accepted")
        } catch {
            #expect(error.code == "xml_too_deep" || error.code == "xml_root")
        }
        #expect(read <= 4096)
        let nested = "<records><record>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            + "</record></records>"
        #expect(Kit.failure(nested, chunk: 4096)?.code == "xml_too_deep")
    }

    @Test func depthLimitIsExact() throws {
        func document(depth: Int) -> String {
            // records (1), record (2), then depth - 2 nested elements.
            let inner = depth - 2
            return "<records><record>" + String(repeating: "<a>", count: inner) + "x"
                + String(repeating: "</a>", count: inner) + "</record></records>"
        }
        let parsed = try Kit.parse(document(depth: 64))
        #expect(parsed.records.first?.first?.key == Array(repeating: "a", count: 62).joined(separator: "."))
        #expect(Kit.failure(document(depth: 65))?.code == "xml_too_deep")
        var options = XMLReaderOptions()
        options.maxDepth = 4
        #expect(Kit.failure(document(depth: 5), options: options)?.code == "xml_too_deep")
        #expect(Kit.failure(document(depth: 4), options: options) == nil)
    }
}
