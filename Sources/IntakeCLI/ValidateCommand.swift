import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake validate [ROOT --workspace W] --type T FILE [--json] [--outbox DIR]`:
/// a dry run for ERP teams testing an export, with that workspace's input
/// settings (encoding, decimal comma, aliases, …) when a root and workspace
/// are named. The very same import runs against a throwaway root in
/// the temporary folder (so every rule, duplicate ids included, is exactly the
/// import's), its report goes to stdout or DIR, and the throwaway root is
/// removed: nothing is stored anywhere else. On a terminal it prints a summary
/// for a person (counts, errors by code, the first failed rows); with
/// `--json`, or when stdout is not a terminal, the result JSON. Exits 0 when
/// every row is valid, 65 otherwise.
enum ValidateCommand {
    static let workspace = "validate"

    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["type", "outbox", "workspace"], flags: ["json"])
        let usage = "usage: intake validate [ROOT --workspace W] --type T FILE [--json] [--outbox DIR]"
        guard let typeName = args.value("type"), args.positionals.count == (args.value("workspace") == nil ? 1 : 2) else {
            throw CommandError(.usage, args.positionals.count == 2 ? "a ROOT goes with --workspace W; " + usage : usage)
        }
        let type = try IntakeCommand.importType(typeName)
        let path = args.positionals[args.positionals.count - 1]
        var configuration = Configuration()
        var settings = InputSettings()
        var openPGP = OpenPGPPolicy()
        var keys: String?
        if let workspace = args.value("workspace") {
            let root = Root(args.positionals[0])
            guard FileSystem.exists(root.configuration) else {
                throw CommandError(.noInput, "\(root.configuration) does not exist; is \(root.path) an Intake root?")
            }
            let configured = try Configuration.load(path: root.configuration)
            try IntakeCommand.requireConfigured(workspace, configuration: configured, root: root)
            settings = configured.workspaces[workspace]?.settings(for: type) ?? settings
            configuration.maxFileBytes = configured.maxFileBytes
            // The workspace's signature rules apply to an encrypted file; a plain one is validated
            // for its content (the export before it is encrypted); the dry run's report is the caller's, plain.
            openPGP = configured.workspaces[workspace]?.openPGP ?? openPGP
            openPGP.requireEncryption = false
            openPGP.encryptReportsTo = nil
            keys = root.keys
        }
        guard let status = try? FileStatus.of(path), status.kind == .regular else {
            throw CommandError(.noInput, "\(path): no such regular file (symbolic links are not followed)")
        }
        let name = String(path.split(separator: "/").last ?? "document")
        // The document's own extension, after any layers (`csv` of `june.csv.gz`).
        let ext = DocumentHandlers.everything.split(name).documentExtension
        if let message = DocumentHandlers.everything.refusal(forExtension: ext) {
            throw CommandError(.dataError, "\(path): \(message)")
        }
        if keys == nil, DocumentHandlers.everything.split(name).layers.contains(where: \.encrypts) {
            throw CommandError(.usage, "\(path) is OpenPGP-encrypted: name the root whose keys decrypt it, intake validate ROOT --workspace W --type \(type.name) \(path)")
        }
        guard let format = DocumentFormat(extension: ext), type.formats.contains(format) else {
            let accepted = type.formats.map(\.rawValue).joined(separator: ", ")
            throw CommandError(.dataError, "\(path): \(type.name) is imported from \(accepted) files, not \".\(ext)\"")
        }
        let scratch = Root(FileManager.default.temporaryDirectory.path + "/intake-validate-" + JobID.make(at: Timestamp.now()))
        defer { try? FileManager.default.removeItem(atPath: scratch.path) }
        configuration.workspaces[workspace] = .init(permissions: [type.permission], inputs: [type: settings])
        configuration.workspaces[workspace]?.openPGP = openPGP
        let record: JobRecord
        do {
            try scratch.createFolders()
            // A throwaway SQLite store, whatever the root's storage: nothing is stored anywhere else.
            let catalogue = try configuration.storage(for: scratch).openCatalogue()
            let claims = Claims(root: scratch, configuration: configuration, drivers: .standard, logger: .silent)
            let job = try claims.claimCopy(of: path, workspace: workspace, type: type, format: format, catalogue: catalogue)
            let runner = try JobRunner(root: scratch, configuration: configuration, drivers: .standard, workspace: workspace,
                                       catalogue: catalogue, logger: .silent)
            runner.keysFolder = keys
            guard case .finished(let finished) = try runner.run(job, startedAt: Timestamp.now()) else {
                throw CommandError(.ioError, "\(path) changed while it was read; validate it again once it is complete")
            }
            record = finished
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError(.ioError, "cannot validate \(path): \(error)")
        }
        let produced = scratch.outbox(workspace)
        if let outbox = args.value("outbox") {
            try FileSystem.createDirectories(outbox)
            for file in try FileSystem.list(produced) where !file.hasPrefix(".") {
                try FileSystem.copy(produced + "/" + file, to: outbox + "/" + file)
            }
            console.print(StatusCommand.line(record))
            console.print("report: \(outbox)/\(record.jobID).result.json")
        } else if args.flag("json") || !CurrentProcess.standardOutputIsTerminal {
            let bytes = try FileSystem.readFile(produced + "/" + record.jobID + ".result.json", limit: 1 << 30)
            console.write(String(decoding: bytes, as: UTF8.self))
        } else {
            try printSummary(record, storage: configuration.storage(for: scratch), console: console)
        }
        if let error = record.error {
            console.error("intake validate: \(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
        } else if record.failed > 0 {
            console.error("intake validate: \(path): \(record.failed) of \(record.total) rows are invalid; see the report")
        }
        return record.status == .done && record.failed == 0 ? .ok : .dataError
    }
}
