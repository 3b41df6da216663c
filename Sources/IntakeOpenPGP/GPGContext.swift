import CGPGME
import Foundation
import IntakeCore

/// One GPGME context on a GnuPG home (`ROOT/keys`): the only type that
/// makes contexts. Not thread-safe: one thread uses a context at a time.
final class GPGContext {
    let context: gpgme_ctx_t
    let home: String

    /// GPGME must be initialised once before a context is made.
    private static let initialised: Bool = {
        _ = cgpgme_check_version()
        return true
    }()

    /// A context with GnuPG home `home`, ASCII armour for what it writes when `armor`.
    init(home: String, armor: Bool = false) throws(OpenPGPError) {
        _ = Self.initialised
        var made: gpgme_ctx_t?
        try OpenPGPError.check(gpgme_new(&made), "starting GPGME")
        guard let made else { throw OpenPGPError("starting GPGME returned no context") }
        context = made
        self.home = home
        do {
            try OpenPGPError.check(gpgme_set_protocol(made, GPGME_PROTOCOL_OpenPGP), "choosing OpenPGP")
            try OpenPGPError.check(
                gpgme_ctx_set_engine_info(made, GPGME_PROTOCOL_OpenPGP, nil, home), "using the GnuPG home \(home)")
            gpgme_set_armor(made, armor ? 1 : 0)
            // No prompt, ever: the daemon's keys have no passphrase.
            try OpenPGPError.check(gpgme_set_pinentry_mode(made, GPGME_PINENTRY_MODE_LOOPBACK), "setting the pinentry mode")
        } catch {
            gpgme_release(made)
            throw error
        }
    }

    deinit { gpgme_release(context) }

    /// The key with fingerprint (or key id) `name`, secret when asked; nil when the home has none.
    func key(_ name: String, secret: Bool = false) -> gpgme_key_t? {
        var key: gpgme_key_t?
        guard gpgme_get_key(context, name, &key, secret ? 1 : 0) == 0 else { return nil }
        return key
    }

    /// Every key of the home (the secret ones when `secret`), each released after `body`.
    func keys(secret: Bool, _ body: (gpgme_key_t) -> Void) throws(OpenPGPError) {
        try OpenPGPError.check(gpgme_op_keylist_start(context, nil, secret ? 1 : 0), "listing keys")
        while true {
            var key: gpgme_key_t?
            guard gpgme_op_keylist_next(context, &key) == 0, let key else { break }
            body(key)
            gpgme_key_unref(key)
        }
        gpgme_op_keylist_end(context)
    }
}

/// A GPGME call that failed: what was being done and GPGME's words for it.
package struct OpenPGPError: Error, CustomStringConvertible {
    package let description: String
    /// GPGME's error code (`GPG_ERR_NO_SECKEY`, …), 0 when none.
    package let code: UInt32

    init(_ description: String, code: UInt32 = 0) {
        self.description = description
        self.code = code
    }

    static func check(_ error: gpgme_error_t, _ doing: String) throws(OpenPGPError) {
        guard error != 0 else { return }
        throw OpenPGPError("\(doing) failed: \(text(error))", code: cgpgme_err_code(error))
    }

    static func text(_ error: gpgme_error_t) -> String {
        gpgme_strerror(error).map { String(cString: $0) } ?? "GPGME error \(error)"
    }
}
