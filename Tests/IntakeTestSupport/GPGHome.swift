import Foundation

/// A throwaway GnuPG home driven by the real `gpg` CLI, as a customer (or an
/// Intake root's `keys/`) uses it: keys made with `--quick-gen-key`, files
/// encrypted and signed with `--encrypt --sign`. Its gpg-agent is stopped when
/// the value goes away (and the folder removed unless it is a root's).
package final class GPGHome {
    package let path: String
    private let removes: Bool

    /// A new home in a short temporary folder (gpg-agent's socket path is limited).
    package convenience init() throws {
        try self.init(path: "/tmp/ig-" + UUID().uuidString.prefix(8).lowercased(), removes: true)
    }

    /// The home at `path` (created 0700 if missing), e.g. an Intake root's `keys/`.
    package init(path: String, removes: Bool = false) throws {
        self.path = path
        self.removes = removes
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit {
        _ = try? SystemTools.run("/usr/bin/gpgconf", ["--homedir", path, "--kill", "gpg-agent"])
        if removes { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Runs `gpg --homedir HOME --batch ARGS`, which must succeed; its output.
    @discardableResult
    package func gpg(_ arguments: [String]) throws -> String {
        let result = try SystemTools.run("/usr/bin/gpg", ["--homedir", path, "--batch", "--yes", "--no-tty"] + arguments)
        guard result.status == 0 else {
            throw HarnessFailure(description: "gpg \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.output)")
        }
        return result.output
    }

    /// A new key pair without passphrase (Ed25519 signing, Curve25519 encryption): its fingerprint.
    package func generate(_ name: String) throws -> String {
        try gpg(["--passphrase", "", "--quick-gen-key", "\(name) <\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.com>",
                 "future-default", "default", "never"])
        return try fingerprints(of: name).last ?? ""
    }

    /// The fingerprints of the primary keys whose user id holds `name`.
    package func fingerprints(of name: String) throws -> [String] {
        let listing = try gpg(["--with-colons", "--list-keys", name])
        var result: [String] = []
        var primary = false
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.first == "pub" { primary = true } else if fields.first == "sub" { primary = false }
            if fields.first == "fpr", primary, fields.count > 9 {
                result.append(String(fields[9]))
                primary = false
            }
        }
        return result
    }

    /// The armoured public key `fingerprint`, written to a file in this home; its path.
    package func exportPublic(_ fingerprint: String) throws -> String {
        let file = path + "/export-\(fingerprint.suffix(8)).asc"
        try gpg(["--armor", "--output", file, "--export", fingerprint])
        return file
    }

    /// Imports the key file at `file`.
    package func importKey(_ file: String) throws {
        try gpg(["--import", file])
    }

    /// `bytes` encrypted to `recipient` (signed by `signer` when given; armoured when asked) as a customer's gpg does it.
    package func encrypt(_ bytes: [UInt8], to recipient: String, signer: String? = nil, armor: Bool = false) throws -> [UInt8] {
        let input = path + "/plain-" + UUID().uuidString.prefix(8)
        let output = input + ".pgp"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        var arguments = ["--trust-model", "always", "--recipient", recipient, "--output", output]
        if armor { arguments.append("--armor") }
        if let signer { arguments += ["--local-user", signer, "--sign"] }
        try gpg(arguments + ["--encrypt", input])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// Decrypts `bytes` (a report encrypted to a key of this home).
    package func decrypt(_ bytes: [UInt8]) throws -> String {
        let input = path + "/cipher-" + UUID().uuidString.prefix(8)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let result = try SystemTools.run("/usr/bin/gpg", ["--homedir", path, "--batch", "--quiet", "--decrypt", input])
        guard result.status == 0 else { throw HarnessFailure(description: "gpg --decrypt failed: \(result.output)") }
        return result.output
    }
}

extension GPGHome {
    /// The key exchange of docs/sftp.md done: a customer's home with a new
    /// key, and `root`'s `keys/` with Intake's key pair; each holds the
    /// other's public key. The root's home is returned so its agent stops with it.
    package static func exchange(root: TemporaryRoot) throws -> (customer: GPGHome, customerKey: String, keys: GPGHome, intakeKey: String) {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let keys = try GPGHome(path: root.root.keys)
        let intakeKey = try keys.generate("Intake")
        try customer.importKey(try keys.exportPublic(intakeKey))
        try keys.importKey(try customer.exportPublic(customerKey))
        return (customer, customerKey, keys, intakeKey)
    }
}
