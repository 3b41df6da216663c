import IntakeCore

/// HMAC-SHA256 (RFC 2104) over IntakeCore's ``SHA256``: what signs a webhook
/// delivery (`Intake-Signature: t=…,v1=HEX`). Checked against RFC 4231's vectors.
package enum HMACSHA256 {
    private static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    package static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key
        if block.count > blockSize {
            var hash = SHA256()
            hash.update(block)
            block = hash.finalize()
        }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The MAC as lowercase hex.
    package static func hex(key: [UInt8], message: [UInt8]) -> String {
        SHA256.hex(mac(key: key, message: message))
    }
}

/// The `Intake-Signature` header's value for `body` sent at `unixSeconds`:
/// `t=UNIX_SECONDS,v1=HEX`, HEX being the HMAC-SHA256 of `UNIX_SECONDS + "." + BODY`
/// under the secret (spec section 3, "Webhooks").
package enum WebhookSignature {
    package static func header(secret: [UInt8], unixSeconds: Int64, body: [UInt8]) -> String {
        "t=\(unixSeconds),v1=" + HMACSHA256.hex(key: secret, message: Array("\(unixSeconds).".utf8) + body)
    }
}
