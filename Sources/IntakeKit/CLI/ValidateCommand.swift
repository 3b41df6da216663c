import Foundation

/// `intake validate --type T FILE [--outbox DIR]`: a dry run for ERP teams
/// testing an export. The very same import runs against a throwaway root in
/// the temporary folder (so every rule, duplicate ids included, is exactly the
/// import's), its report goes to stdout or DIR, and the throwaway root is
/// removed: nothing is stored anywhere else. Exits 0 when every row is valid,
/// 65 otherwise.
enum ValidateCommand {
    static let workspace = "validate"

    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["type", "outbox"], flags: [])
        guard args.positionals.count == 1, let typeName = args.value("type") else {
            throw CommandError(.usage, "usage: intake validate --type T FILE [--outbox DIR]")
        }
        let type = try IntakeCommand.importType(typeName)
        let path = args.positionals[0]
        guard let status = try? FileStatus.of(path), status.kind == .regular else {
            throw CommandError(.noInput, "\(path): no such regular file (symbolic links are not followed)")
        }
        let name = String(path.split(separator: "/").last ?? "document")
        let ext = name.split(separator: ".").last.map(String.init) ?? ""
        guard let format = DocumentFormat(extension: ext), type.formats.contains(format) else {
            let accepted = type.formats.map(\.rawValue).joined(separator: ", ")
            throw CommandError(.dataError, "\(path): \(type.name) is imported from \(accepted) files, not \".\(ext)\"")
        }
        let scratch = Root(FileManager.default.temporaryDirectory.path + "/intake-validate-" + JobID.make(at: Timestamp.now()))
        defer { try? FileManager.default.removeItem(atPath: scratch.path) }
        var configuration = Configuration()
        configuration.workspaces[workspace] = .init(permissions: [type.permission])
        let record: JobRecord
        do {
            try scratch.createFolders()
            let catalogue = try Catalogue(root: scratch)
            let claims = Claims(root: scratch, configuration: configuration, logger: .silent)
            let job = try claims.claimCopy(of: path, workspace: workspace, type: type, format: format, catalogue: catalogue)
            let runner = try JobRunner(root: scratch, configuration: configuration, workspace: workspace,
                                       catalogue: catalogue, logger: .silent)
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
        } else {
            let bytes = try FileSystem.readFile(produced + "/" + record.jobID + ".result.json", limit: 1 << 30)
            console.write(String(decoding: bytes, as: UTF8.self))
        }
        if let error = record.error {
            console.error("intake validate: \(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
        } else if record.failed > 0 {
            console.error("intake validate: \(path): \(record.failed) of \(record.total) rows are invalid; see the report")
        }
        return record.status == .done && record.failed == 0 ? .ok : .dataError
    }
}
