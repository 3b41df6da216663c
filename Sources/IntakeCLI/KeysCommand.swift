import Foundation
import IntakeCore
import IntakeEngine
import IntakeOpenPGP

/// `intake keys ROOT (--generate NAME | --import FILE | --list | --export-public)`:
/// the root's GnuPG home `ROOT/keys` (0700), for OpenPGP drops and reports.
/// `--generate` makes Intake's key pair and prints its fingerprint (give it to
/// customers with `--export-public`); `--import` adds a customer's public key
/// (whose fingerprint then goes in the workspace's `openpgp.signers`).
enum KeysCommand {
    static let usage = "usage: intake keys ROOT (--generate NAME | --import FILE | --list | --export-public)"

    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["generate", "import"], flags: ["list", "export-public"])
        let chosen = [args.value("generate") != nil, args.value("import") != nil, args.flag("list"), args.flag("export-public")]
        guard args.positionals.count == 1, chosen.filter({ $0 }).count == 1 else { throw CommandError(.usage, usage) }
        let root = Root(args.positionals[0])
        guard FileManager.default.fileExists(atPath: root.configuration) else {
            throw CommandError(.noInput, "\(root.path) is not an Intake root (no intake.json); make one with intake init")
        }
        let keyring: Keyring
        do {
            keyring = try Keyring(home: root.keys)
        } catch {
            throw CommandError(.cannotCreate, "cannot make the keys folder \(root.keys) (mode 0700): \(error)")
        }
        do {
            if let name = args.value("generate") {
                guard !name.isEmpty else { throw CommandError(.usage, usage) }
                let fingerprint = try keyring.generate(name)
                console.print("generated \(fingerprint) \(name)")
                console.print("give customers its public key: intake keys \(root.path) --export-public > intake-public.asc")
            } else if let file = args.value("import") {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandError(.noInput, "cannot read the key file \(file)")
                }
                let imported = try keyring.importKeys([UInt8](data))
                guard !imported.isEmpty else {
                    throw CommandError(.dataError, "\(file) holds no OpenPGP key (export it with gpg --armor --export FINGERPRINT)")
                }
                for fingerprint in imported { console.print("imported \(fingerprint)") }
            } else if args.flag("list") {
                for key in try keyring.list() {
                    console.print("\(key.fingerprint) \(key.secret ? "own     " : "customer") \(key.userID)")
                }
            } else {
                console.write(try keyring.exportPublic())
            }
        } catch let error as OpenPGPError {
            throw CommandError(.ioError, "intake keys: \(error)")
        }
        return .ok
    }
}
