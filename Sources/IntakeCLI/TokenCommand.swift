import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake token ROOT (--workspace W | --admin)`: a new random token for
/// `intake serve`, printed once; only its SHA-256 is added to `intake.json`
/// (as text, every other byte of the file kept, the way `init` adds workspaces).
enum TokenCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace"], flags: ["admin"])
        let usage = "usage: intake token ROOT (--workspace W | --admin)"
        guard args.positionals.count == 1, (args.value("workspace") == nil) == args.flag("admin") else {
            throw CommandError(.usage, usage)
        }
        let root = Root(args.positionals[0])
        guard FileSystem.exists(root.configuration) else {
            throw CommandError(.noInput, "\(root.configuration) does not exist; create the root with `intake init \(root.path) --workspace ID`")
        }
        var configuration = try Configuration.load(path: root.configuration)
        let workspace = args.value("workspace")
        if let workspace { try IntakeCommand.requireConfigured(workspace, configuration: configuration, root: root) }
        var generator = SystemRandomNumberGenerator()
        let token = "itk_" + (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        let hash = "sha256:" + SHA256.hash(Array(token.utf8))
        let path = root.configuration
        let bytes = try FileSystem.readFile(path, limit: 4 << 20)
        guard let tree = try? ConfigurationJSON.parse(bytes), let edited = tree.addingToken(hash, workspace: workspace, to: bytes) else {
            throw CommandError(.usage, "\(path) has no place for the token; add \"admin_tokens\": [] or the workspace's \"api_tokens\": [] by hand")
        }
        if let workspace { configuration.workspaces[workspace]?.apiTokens.append(hash) } else { configuration.adminTokens.append(hash) }
        var reread = try Configuration.parse(Data(edited), path: path)
        reread.database = configuration.database
        guard reread == configuration else {
            throw CommandError(.cannotCreate, "adding the token to \(path) would change its meaning; add \(hash) by hand")
        }
        let mode = (try? FileStatus.of(path).permissions) ?? 0o640
        try BufferedFile.write(String(decoding: edited, as: UTF8.self), to: path, mode: mode)
        console.print(token)
        return .ok
    }
}
