import Foundation
import Testing

@testable import IntakeKit
@testable import IntakeSystem
import IntakeTestSupport

/// Each format is one handler in `Formats/`; the engine reads any handler's
/// documents without naming a format.
@Suite struct DocumentHandlerTests {
    @Test func everyFormatHasExactlyOneHandler() {
        let handlers = DocumentHandlers.standard.all
        for format in [DocumentFormat.csv, .json, .jsonLines, .xml] {
            #expect(handlers.filter { $0.format == format }.count == 1, "\(format)")
        }
        let formats = handlers.map(\.format)
        #expect(Set(formats).count == formats.count)
        let extensions = handlers.flatMap(\.extensions)
        #expect(Set(extensions).count == extensions.count)
        for handler in handlers {
            #expect(!handler.extensions.isEmpty)
            for ext in handler.extensions {
                #expect(DocumentFormat(extension: ext.uppercased()) == handler.format, "\(ext)")
            }
        }
        for type in ImportType.allCases {
            for format in type.formats { #expect(DocumentHandlers.standard.handler(for: format) != nil) }
        }
        #expect(DocumentFormat(extension: "XLSX") == .xlsx)
        #expect(DocumentFormat(extension: "xls") == nil)
        #expect(DocumentHandlers.standard.refusal(forExtension: "XLS")?.contains("(.xlsx)") == true)
        #expect(DocumentHandlers.standard.refusal(forExtension: "csv") == nil)
    }

    @Test func typesListTheirHandlersFormats() {
        #expect(ImportType.payments.formats == [.csv, .xml, .json, .jsonLines, .xlsx])
        #expect(ImportType.paymentsHistory.formats == [.csv, .xml, .json, .jsonLines, .xlsx])
        #expect(ImportType.beneficiaries.formats == [.csv, .json, .jsonLines, .xlsx])
        #expect(DocumentHandlers.standard.extensionList == "csv, tsv, txt, xml, json, jsonl, ndjson or xlsx, optionally followed by gz or zip")
        #expect(DocumentHandlers.standard.adding(layers: []).split("june.CSV.gz.zip").documentExtension == "csv")
        #expect(DocumentHandlers.standard.split("june.csv.gz.zip").layers.map(\.name) == ["zip", "gzip"])
        #expect(DocumentHandlers.standard.split("june.gz").documentExtension == "")
    }

    /// A document in a format the engine has never heard of is imported whole:
    /// rows validated and stored, the rejected file written by the format's
    /// writer, its final check, warnings and `update_payments` taken.
    @Test func engineImportsAFormatItDoesNotName() throws {
        let root = try TemporaryRoot()
        let (runner, job) = try claim(KeyValueHandler.lines, in: root)
        var record = job.record
        let file = try FileDescriptor.openForReading(job.workPath)
        let imported = try runner.importDocument(
            job: job, record: &record, file: file, mode: 0o640, handler: KeyValueHandler())
        #expect(imported.report.total == 2)
        #expect(imported.report.failed == 1)
        #expect(imported.report.codeCounts == ["amount_not_positive": 1])
        #expect(imported.updatePayments == true)
        #expect(imported.report.documentWarnings.map(\.code) == ["kv_read"])
        var hasher = SHA256()
        Array(KeyValueHandler.lines.utf8).withUnsafeBytes { hasher.update($0) }
        #expect(imported.sha256 == SHA256.hex(hasher.finalize()))
        try imported.transaction.commit()
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 1)
        try imported.report.commit(record)
        #expect(try root.read("outbox/acme/\(record.jobID).rejected.kv") == KeyValueHandler.failedLine + "\n")
    }

    @Test func aFormatsFinalCheckFailsTheDocument() throws {
        let root = try TemporaryRoot()
        let (runner, job) = try claim(KeyValueHandler.lines, in: root)
        var record = job.record
        let file = try FileDescriptor.openForReading(job.workPath)
        #expect(throws: DocumentFailure("kv_refused", "refused at the end")) {
            _ = try runner.importDocument(
                job: job, record: &record, file: file, mode: 0o640, handler: KeyValueHandler(refuseAtEnd: true))
        }
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
    }

    /// A job whose format no handler reads ends FAILED, never in a crash.
    @Test func unregisteredFormatFailsTheJob() throws {
        let root = try TemporaryRoot()
        let (runner, job) = try claim(KeyValueHandler.lines, in: root)
        guard case .finished(let record) = try runner.run(job, startedAt: Timestamp.now()) else {
            Testing.Issue.record("expected the job to finish")
            return
        }
        #expect(record.status == .failed)
        #expect(record.error?.code == "unsupported_format")
    }

    /// The engine's sources name no format: no switch or comparison on one,
    /// no reader, cursor or rejected writer of one (a supplement to the tests above).
    @Test func engineSourcesNameNoFormat() throws {
        let engine = Repository.root.appendingPathComponent("Sources/IntakeEngine").path
        // The target does not link IntakeFormats, so the compiler refuses most of this; the text check stays.
        let names = try FileManager.default.subpathsOfDirectory(atPath: engine).filter { $0.hasSuffix(".swift") }
        #expect(!names.isEmpty)
        let pattern = try NSRegularExpression(pattern:
            #"case \.(csv|json|jsonLines|xml)\b|[=!]= \.(csv|json|jsonLines|xml)\b|\b(CSV|JSON|XML|Pain001|FlatXML)(Reader|RecordReader|Row|Handler|RejectedWriter|Error)\b|\bFlatRow\b|\bOpened(CSV|JSON|XML)\b"#)
        for name in names {
            let text = try String(contentsOfFile: engine + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let string = String(line)
                let found = pattern.firstMatch(in: string, range: NSRange(string.startIndex..., in: string))
                #expect(found == nil, "IntakeEngine/\(name): \(string)")
            }
        }
    }

    /// A file of `text` claimed into `work/` as a `.kv` payments document, and a runner.
    func claim(_ text: String, in root: TemporaryRoot) throws -> (JobRunner, ClaimedJob) {
        let source = root.path + "/june.kv"
        try text.write(toFile: source, atomically: true, encoding: .utf8)
        let configuration = try Configuration.load(path: root.root.configuration)
        let catalogue = try SQLiteCatalogue(root: root.root)
        let claims = Claims(root: root.root, configuration: configuration, drivers: .standard, logger: .silent)
        let job = try claims.claimCopy(
            of: source, workspace: "acme", type: .payments, format: KeyValueHandler().format, catalogue: catalogue)
        let runner = try JobRunner(
            root: root.root, configuration: configuration, workspace: "acme", catalogue: catalogue, logger: .silent)
        return (runner, job)
    }
}
