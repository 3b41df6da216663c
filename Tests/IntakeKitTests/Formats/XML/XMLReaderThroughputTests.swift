import Foundation
import IntakeKit
import Testing

/// Throughput on a generated pain.001 of about 100 MB, read from a file as the
/// engine does. Prints MB/s; asserts only correctness, never timing. Runs when
/// `INTAKE_XML_BENCH=1` (best with `swift test -c release`).
@Suite struct XMLReaderThroughputTests {
    static let enabled = ProcessInfo.processInfo.environment["INTAKE_XML_BENCH"] == "1"

    /// Writes a pain.001.001.09 with `blocks` payment blocks of `perBlock` transactions.
    static func generate(to path: String, blocks: Int, perBlock: Int) throws -> (count: Int, bytes: Int) {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        let total = blocks * perBlock
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
              <CstmrCdtTrfInitn>
                <GrpHdr>
                  <MsgId>BENCH-1</MsgId><CreDtTm>2026-06-01T09:30:00</CreDtTm>
                  <NbOfTxs>\(total)</NbOfTxs><CtrlSum>\(total * 1234 / 100).\(String(format: "%02d", total * 1234 % 100))</CtrlSum>
                  <InitgPty><Nm>Bench Corp</Nm></InitgPty>
                </GrpHdr>

            """
        var written = 0
        let ibans = ["DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819"]
        for block in 0..<blocks {
            out += """
                    <PmtInf>
                      <PmtInfId>PMT-\(block)</PmtInfId><PmtMtd>TRF</PmtMtd>
                      <NbOfTxs>\(perBlock)</NbOfTxs>
                      <ReqdExctnDt><Dt>2026-06-02</Dt></ReqdExctnDt>
                      <Dbtr><Nm>Bench Corp</Nm></Dbtr>
                      <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
                      <DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></DbtrAgt>

                """
            for index in 0..<perBlock {
                let id = block * perBlock + index
                out += """
                          <CdtTrfTxInf>
                            <PmtId><InstrId>I-\(id)</InstrId><EndToEndId>E2E-\(id)</EndToEndId></PmtId>
                            <Amt><InstdAmt Ccy="EUR">12.34</InstdAmt></Amt>
                            <CdtrAgt><FinInstnId><BICFI>NWBKGB2L</BICFI></FinInstnId></CdtrAgt>
                            <Cdtr><Nm>Beneficiary &amp; Sons \(id)</Nm><PstlAdr><Ctry>GB</Ctry></PstlAdr></Cdtr>
                            <CdtrAcct><Id><IBAN>\(ibans[id % 3])</IBAN></Id></CdtrAcct>
                            <RmtInf><Ustrd>Invoice \(id)</Ustrd></RmtInf>
                          </CdtTrfTxInf>

                    """
            }
            out += "    </PmtInf>\n"
            if out.utf8.count > 1 << 20 {
                handle.write(Data(out.utf8))
                written += out.utf8.count
                out = ""
            }
        }
        out += "  </CstmrCdtTrfInitn>\n</Document>\n"
        handle.write(Data(out.utf8))
        written += out.utf8.count
        return (total, written)
    }

    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    @Test(.enabled(if: enabled))
    func hundredMegabytePain001() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/intake-xml-bench-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bench.xml"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let (count, size) = try Self.generate(to: path, blocks: 1_000, perBlock: 206)
        let before = Self.peakResidentMiB()
        var best = Double.infinity
        for _ in 0..<3 {
            let reader = XMLRecordReader(source: FileByteSource(try FileDescriptor.openForReading(path)))
            let start = DispatchTime.now().uptimeNanoseconds
            var records = 0
            var fields = 0
            while try reader.next() {
                records += 1
                fields += reader.fieldCount
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
            #expect(records == count)
            #expect(fields == count * 12)
        }
        let megabytes = Double(size) / 1_000_000
        print(
            "XML throughput: \(String(format: "%.1f", megabytes)) MB, \(count) transactions,"
                + " best of 3 \(String(format: "%.3f", best)) s = \(String(format: "%.0f", megabytes / best)) MB/s;"
                + " peak RSS \(String(format: "%.1f", before)) MiB before reading,"
                + " \(String(format: "%.1f", Self.peakResidentMiB())) MiB after")
    }
}
