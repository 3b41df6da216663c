import IntakeKit
import Testing
import IntakeTestSupport

/// SHA-256 against the FIPS 180-4 / NIST CAVS examples and `sha256sum`.
@Suite("SHA256")
struct SHA256Tests {
    @Test(
        "NIST FIPS 180-4 short vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func nistVectors(message: String, expected: String) {
        #expect(SHA256.hash(Array(message.utf8)) == expected)
    }

    @Test("one million 'a'")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)) == expected)
        // Same data fed as 1000 updates of 1000 bytes.
        var hasher = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256.hex(hasher.finalize()) == expected)
    }

    /// Bytes (i * 7 + 3) mod 256; the expected digests below were produced with
    /// `python3 -c "...bytes((i*7+3)&0xFF for i in range(n))" | sha256sum`.
    private static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    }

    @Test(
        "padding boundaries match sha256sum",
        arguments: [
            (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
            (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
            (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
            (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
            (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.hash(Self.pattern(length)) == expected)
    }

    /// The same lengths over repeated "x"; digests from `printf 'x%.0s' $(seq n) | sha256sum`.
    @Test(
        "padding boundaries over repeated 'x' match sha256sum",
        arguments: [
            (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
            (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
            (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
            (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
            (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
        ])
    func paddingBoundariesRepeatedX(length: Int, expected: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "x"), count: length)) == expected)
    }

    @Test("chunked updates of every size 1...130 equal one update")
    func chunking() {
        let data = Self.pattern(1_000)
        let whole = SHA256.hash(data)
        for size in 1...130 {
            var hasher = SHA256()
            var start = 0
            while start < data.count {
                let end = min(start + size, data.count)
                data[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
            }
            #expect(SHA256.hex(hasher.finalize()) == whole, "chunk size \(size)")
        }
    }

    @Test("empty updates change nothing; digest is 32 bytes; hex is lowercase")
    func emptyUpdatesAndHex() {
        var hasher = SHA256()
        hasher.update([])
        hasher.update(Array("ab".utf8))
        hasher.update([])
        hasher.update(Array("c".utf8))
        let digest = hasher.finalize()
        #expect(digest.count == 32)
        #expect(SHA256.hex(digest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
    }
}
