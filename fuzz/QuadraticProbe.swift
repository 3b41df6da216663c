// A timing probe outside libFuzzer: builds one pathological document of a given size and
// reads it through the real reader, printing the wall time and the peak RSS.
// Usage: intake-probe SHAPE MIB [CHUNK]   (intake-probe list: every shape)
// Built by fuzz/probe.sh with IntakeKit's sources in one module (-O, no sanitizer).

import Foundation

@main
struct QuadraticProbe {
    static func repeated(_ piece: String, toFill size: Int, prefix: String = "", suffix: String = "") -> [UInt8] {
        var bytes = Array(prefix.utf8)
        let unit = Array(piece.utf8)
        bytes.reserveCapacity(size + suffix.utf8.count + unit.count)
        while bytes.count + unit.count + suffix.utf8.count <= size { bytes.append(contentsOf: unit) }
        bytes.append(contentsOf: suffix.utf8)
        return bytes
    }

    static let deepJSON = String(repeating: "[", count: 62) + "1" + String(repeating: "]", count: 62)
    static let deepXML = String(repeating: "<a>", count: 61) + "1" + String(repeating: "</a>", count: 61)
    static let longName = String(repeating: "n", count: 60_000)

    /// name: (parser, document of about `size` bytes)
    static let shapes: [(String, String, @Sendable (Int) -> [UInt8])] = [
        ("csv-huge-field", "csv", { repeated("x", toFill: $0, prefix: "a\n") }),
        ("csv-huge-quoted-escapes", "csv", { repeated("\"\"", toFill: $0, prefix: "a\n\"", suffix: "\"\n") }),
        ("csv-tiny-fields", "csv", { repeated(",", toFill: $0, prefix: "a\n", suffix: "\n") }),
        ("csv-tiny-records", "csv", { repeated("1\n", toFill: $0, prefix: "a\n") }),
        ("csv-blank-lines", "csv", { repeated("\n", toFill: $0, prefix: "a\n") }),
        ("csv-blank-crlf", "csv", { repeated("\r\n", toFill: $0, prefix: "a\r\n") }),
        ("csv-leading-blank-lines", "csv", { repeated("\r\n", toFill: $0, suffix: "a\n1\n") }),
        ("csv-unterminated-quote", "csv", { repeated("x", toFill: $0, prefix: "a\n\"") }),
        ("csv-text-after-quote", "csv", { repeated("\"\"x,", toFill: $0, prefix: "a\n") }),
        ("csv-quoted-newlines", "csv", { repeated("\n", toFill: $0, prefix: "a\n\"", suffix: "\"\n") }),
        ("json-huge-string", "json", { repeated("x", toFill: $0, prefix: "[{\"a\":\"", suffix: "\"}]") }),
        ("json-huge-escapes", "json", { repeated("\\u00e9", toFill: $0, prefix: "[{\"a\":\"", suffix: "\"}]") }),
        ("json-huge-number", "json", { repeated("1", toFill: $0, prefix: "[{\"a\":", suffix: "}]") }),
        ("json-tiny-fields", "json", { repeated("\"a\":1,", toFill: $0, prefix: "[{", suffix: "\"z\":1}]") }),
        ("json-tiny-records", "json", { repeated("{},", toFill: $0, prefix: "[", suffix: "{}]") }),
        ("json-tiny-scalars", "json", { repeated("1,", toFill: $0, prefix: "[", suffix: "1]") }),
        ("json-deep-at-limit", "json", { repeated(deepJSON + ",", toFill: $0, prefix: "[", suffix: "1]") }),
        ("json-too-deep", "json", { repeated("[", toFill: $0) }),
        ("json-whitespace", "json", { repeated(" ", toFill: $0, prefix: "[", suffix: "]") }),
        ("json-unterminated-string", "json", { repeated("x", toFill: $0, prefix: "[{\"a\":\"") }),
        (
            "json-long-key-prefix", "json",
            {
                repeated("\"a\":1,", toFill: $0, prefix: "[{\"" + longName + "\":{", suffix: "\"z\":1}}]")
            }
        ),
        (
            "json-envelope-skip", "json",
            {
                repeated("[1,{\"x\":\"y\"}],", toFill: $0, prefix: "{\"meta\":[", suffix: "1],\"items\":[{}]}")
            }
        ),
        ("jsonl-blank-lines", "jsonl", { repeated("\n", toFill: $0) }),
        ("jsonl-tiny-lines", "jsonl", { repeated("{}\n", toFill: $0) }),
        ("jsonl-bad-lines", "jsonl", { repeated("x\n", toFill: $0) }),
        ("jsonl-one-long-line", "jsonl", { repeated("\"a\":1,", toFill: $0, prefix: "{", suffix: "\"z\":1}") }),
        (
            "xml-huge-text", "xml",
            { repeated("x", toFill: $0, prefix: "<records><record><a>", suffix: "</a></record></records>") }
        ),
        (
            "xml-huge-references", "xml",
            { repeated("&amp;&#233;", toFill: $0, prefix: "<records><record><a>", suffix: "</a></record></records>") }
        ),
        (
            "xml-tiny-fields", "xml",
            { repeated("<a/>", toFill: $0, prefix: "<records><record>", suffix: "</record></records>") }
        ),
        ("xml-tiny-records", "xml", { repeated("<record/>", toFill: $0, prefix: "<records>", suffix: "</records>") }),
        (
            "xml-deep-at-limit", "xml",
            {
                repeated("<record>" + deepXML + "</record>", toFill: $0, prefix: "<records>", suffix: "</records>")
            }
        ),
        ("xml-too-deep", "xml", { repeated("<a>", toFill: $0) }),
        ("xml-whitespace", "xml", { repeated(" \n", toFill: $0, prefix: "<records>", suffix: "</records>") }),
        ("xml-comments", "xml", { repeated("<!--x-->", toFill: $0, prefix: "<records>", suffix: "</records>") }),
        ("xml-unterminated-comment", "xml", { repeated("x", toFill: $0, prefix: "<records><!--") }),
        ("xml-unterminated-cdata", "xml", { repeated("x", toFill: $0, prefix: "<records><record><a><![CDATA[") }),
        ("xml-unterminated-attribute", "xml", { repeated("x", toFill: $0, prefix: "<records a=\"") }),
        (
            "xml-huge-tag-name", "xml",
            { repeated("x", toFill: $0, prefix: "<records><record><a", suffix: "/></record></records>") }
        ),
        (
            "xml-many-attributes", "xml",
            { size in
                // 256 attributes (the cap) with long names that differ only at the end.
                let length = max(1, size / 256 - 8)
                let stem = String(repeating: "n", count: length - 1)
                var text = "<records><record"
                for i in 0..<255 { text += " " + stem + "_" + String(i, radix: 16) + "=\"\"" }
                return Array((text + "/></records>").utf8)
            }
        ),
        (
            "xml-long-key-prefix", "xml",
            {
                repeated(
                    "<a/>", toFill: $0, prefix: "<records><record><" + longName + ">",
                    suffix: "</" + longName + "></record></records>")
            }
        ),
        (
            "xml-pain-many-tx", "xml",
            { size in
                let tx =
                    "<CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">1.00</InstdAmt></Amt></CdtTrfTxInf>"
                return repeated(
                    tx, toFill: size,
                    prefix:
                        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn><GrpHdr><MsgId>M</MsgId></GrpHdr><PmtInf><PmtInfId>P</PmtInfId>",
                    suffix: "</PmtInf></CstmrCdtTrfInitn></Document>")
            }
        ),
        (
            "xml-pain-many-blocks", "xml",
            { size in
                repeated(
                    "<PmtInf><PmtInfId>P</PmtInfId></PmtInf>", toFill: size,
                    prefix:
                        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn><GrpHdr><MsgId>M</MsgId></GrpHdr>",
                    suffix: "</CstmrCdtTrfInitn></Document>")
            }
        ),
    ]

    static func peakRSSKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        return -1
    }

    static func read(_ parser: String, _ bytes: [UInt8], chunk: Int) -> (records: Int, fields: Int, outcome: String) {
        var records = 0
        var fields = 0
        let source = MemoryByteSource(bytes, maxChunk: chunk)
        do {
            switch parser {
            case "csv":
                let reader = CSVReader(source: source)
                _ = try reader.readHeader()
                while try reader.next() { records += 1; fields += reader.fieldCount }
            case "xml":
                let reader = XMLRecordReader(source: source)
                while try reader.next() { records += 1; fields += reader.fieldCount }
            default:
                let reader = JSONRecordReader(source: source, lines: parser == "jsonl")
                while try reader.next() { records += 1; fields += reader.fieldCount }
            }
            return (records, fields, "ok")
        } catch {
            return (records, fields, String(describing: error).prefix(90).description)
        }
    }

    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count < 2 || arguments[1] == "list" {
            for shape in shapes { print(shape.0) }
            return
        }
        guard arguments.count >= 3, let shape = shapes.first(where: { $0.0 == arguments[1] }),
            let mib = Double(arguments[2])
        else {
            print("usage: intake-probe SHAPE MIB [CHUNK]")
            exit(2)
        }
        let chunk = arguments.count > 3 ? Int(arguments[3]) ?? .max : .max
        let bytes = shape.2(Int(mib * 1_048_576))
        let start = DispatchTime.now().uptimeNanoseconds
        let result = read(shape.1, bytes, chunk: chunk)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(
            "\(shape.0)\t\(arguments[2])MiB\tchunk=\(chunk == .max ? "all" : String(chunk))\t"
                + String(format: "%.3f s", seconds)
                + "\trss=\(peakRSSKiB() / 1024)MiB\trecords=\(result.records)\tfields=\(result.fields)\t\(result.outcome)"
        )
    }
}
