import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// A workspace's `openpgp` settings: read strictly, written back by `json()`.
@Suite struct OpenPGPConfigurationTests {
    static let fingerprint = "5B2C9E3D0A1744F18C6B1D0E7F3A2B94C8D16E05"

    private func text(_ openpgp: String) -> Data {
        Data(#"{"workspaces": {"acme": {"permissions": ["payment_checks_write"], "openpgp": \#(openpgp)}}}"#.utf8)
    }

    private func parse(_ openpgp: String) throws -> Configuration {
        try Configuration.parse(text(openpgp), path: "intake.json")
    }

    private func problems(_ openpgp: String) -> [String] {
        do {
            _ = try Configuration.parse(text(openpgp), path: "intake.json")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aPolicyIsReadAndWrittenBack() throws {
        let read = try parse(#"{"require_encryption": true, "require_signature": true, "signers": ["5b2c 9e3d 0a17 44f1 8c6b  1d0e 7f3a 2b94 c8d1 6e05"]}"#)
        let policy = try #require(read.workspaces["acme"]?.openPGP)
        #expect(policy.requireEncryption && policy.requireSignature && policy.signers == [Self.fingerprint])
        let again = try Configuration.parse(Data(read.json().utf8), path: "intake.json")
        #expect(again.workspaces["acme"]?.openPGP == policy)
    }

    @Test func mistakesNameTheirPath() {
        #expect(problems(#"{"signers": ["ABCD"]}"#).first?.hasPrefix("`workspaces.acme.openpgp.signers[0]`") == true)
        #expect(problems(#"{"require_signature": true}"#).first?.contains("signers") == true)
        #expect(problems(#"{"require_encrypton": true}"#).first?.contains("did you mean `require_encryption`?") == true)
        #expect(problems(#"{"encrypt_reports_to": "\#(Self.fingerprint)"}"#).isEmpty)
        #expect(problems(#"{"encrypt_reports_to": "ABC"}"#).first?.contains("40 hex digits") == true)
    }
}
