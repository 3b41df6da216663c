import CGPGME
import Foundation
import IntakeCore

/// The root's GnuPG home (`ROOT/keys`, mode 0700) as `intake keys` manages
/// it: Intake's own key pair (no passphrase: the daemon decrypts unattended;
/// the folder's mode is its protection) and the customers' public keys.
package struct Keyring {
    /// The GnuPG home.
    package let home: String

    /// One key of the home.
    package struct Key: Equatable, Sendable {
        package let fingerprint: String
        package let userID: String
        /// Whether the home holds its secret part (Intake's own key).
        package let secret: Bool
    }

    /// The home at `home`, created (or its mode set) 0700.
    package init(home: String) throws {
        self.home = home
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home)
    }

    /// Makes a new key pair for `name` (Ed25519 signing, Curve25519 encryption, no expiry, no passphrase): its fingerprint.
    package func generate(_ name: String) throws(OpenPGPError) -> String {
        let gpg = try GPGContext(home: home)
        let flags = UInt32(GPGME_CREATE_NOPASSWD) | UInt32(GPGME_CREATE_NOEXPIRE) | UInt32(GPGME_CREATE_FORCE)
        try OpenPGPError.check(
            gpgme_op_createkey(gpg.context, name, "future-default", 0, 0, nil, flags), "generating a key for \"\(name)\"")
        guard let result = gpgme_op_genkey_result(gpg.context), let fpr = result.pointee.fpr else {
            throw OpenPGPError("generating a key for \"\(name)\" returned no fingerprint")
        }
        return String(cString: fpr)
    }

    /// Imports the keys in `bytes` (armoured or binary): the fingerprints imported.
    package func importKeys(_ bytes: [UInt8]) throws(OpenPGPError) -> [String] {
        let gpg = try GPGContext(home: home)
        var data: gpgme_data_t?
        let made = bytes.withUnsafeBytes { buffer in
            gpgme_data_new_from_mem(&data, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count, 1)
        }
        try OpenPGPError.check(made, "reading the key file")
        defer { gpgme_data_release(data) }
        try OpenPGPError.check(gpgme_op_import(gpg.context, data), "importing the keys")
        var fingerprints: [String] = []
        var status = gpgme_op_import_result(gpg.context)?.pointee.imports
        while let current = status?.pointee {
            if current.result == 0, let fpr = current.fpr { fingerprints.append(String(cString: fpr)) }
            status = current.next
        }
        return Array(Set(fingerprints)).sorted()
    }

    /// Every key of the home, Intake's own (secret) first, then by user id.
    package func list() throws(OpenPGPError) -> [Key] {
        let gpg = try GPGContext(home: home)
        var secret = Set<String>()
        try gpg.keys(secret: true) { key in
            if let fpr = key.pointee.fpr { secret.insert(String(cString: fpr)) }
        }
        var keys: [Key] = []
        try gpg.keys(secret: false) { key in
            guard let fpr = key.pointee.fpr.map({ String(cString: $0) }) else { return }
            let uid = key.pointee.uids?.pointee.uid.map { String(cString: $0) } ?? ""
            keys.append(Key(fingerprint: fpr, userID: uid, secret: secret.contains(fpr)))
        }
        return keys.sorted { ($0.secret ? 0 : 1, $0.userID) < ($1.secret ? 0 : 1, $1.userID) }
    }

    /// Intake's own public keys, ASCII-armoured: what a customer encrypts to.
    package func exportPublic() throws(OpenPGPError) -> String {
        let own = try list().filter(\.secret)
        guard !own.isEmpty else {
            throw OpenPGPError("the keys folder \(home) holds no key of Intake's own; make one with intake keys ROOT --generate NAME")
        }
        let gpg = try GPGContext(home: home, armor: true)
        var text = ""
        for key in own {
            var data: gpgme_data_t?
            try OpenPGPError.check(gpgme_data_new(&data), "exporting \(key.fingerprint)")
            try OpenPGPError.check(gpgme_op_export(gpg.context, key.fingerprint, 0, data), "exporting \(key.fingerprint)")
            var length = 0
            if let memory = gpgme_data_release_and_get_mem(data, &length) {
                text += String(decoding: UnsafeRawBufferPointer(start: memory, count: length), as: UTF8.self)
                gpgme_free(memory)
            }
        }
        return text
    }
}
