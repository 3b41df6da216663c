import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct ConfigurationTests {
    @Test func defaultsApplyToMissingKeys() throws {
        let c = try Configuration.parse(Data(#"{"workspaces": {"acme": {"permissions": ["payment_checks_write"]}}}"#.utf8), path: "x")
        #expect(c.settleSeconds == 2)
        #expect(c.rescanSeconds == 30)
        #expect(c.workers == 4)
        #expect(c.maxFileBytes == 2_147_483_648)
        #expect(c.maxAttempts == 3)
        #expect(c.outboxMode == 0o640)
        #expect(c.workspaces["acme"]?.allows(.payments) == true)
        #expect(c.workspaces["acme"]?.allows(.beneficiaries) == false)
    }

    @Test func writtenConfigurationReadsBackEqual() throws {
        var c = Configuration()
        c.settleSeconds = 0.2
        c.outboxMode = 0o600
        c.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        #expect(try Configuration.parse(Data(c.json().utf8), path: "x") == c)
    }

    @Test(arguments: [
        (#"{}"#, "workspaces"),
        (#"{"workspaces": {"Bad Name": {}}}"#, "is not a valid workspace id"),
        (#"{"workspaces": {"acme": {"permissions": ["root"]}}}"#, "unknown permission"),
        (#"{"settle_seconds": -1, "workspaces": {}}"#, "settle_seconds"),
        (#"{"outbox_mode": "rwx", "workspaces": {}}"#, "outbox_mode"),
        (#"{"workers": "two", "workspaces": {}}"#, "workers"),
        (#"{"workspaces": "#, "not valid JSON"),
    ])
    func brokenConfigurationsSayWhatToFix(json: String, mention: String) {
        #expect {
            try Configuration.parse(Data(json.utf8), path: "intake.json")
        } throws: { error in
            String(describing: error).contains(mention) && String(describing: error).hasPrefix("intake.json: ")
        }
    }
}

@Suite struct HeaderMappingTests {
    @Test func headersMatchIgnoringCaseAndSpaces() throws {
        let mapping = try HeaderMapping(
            header: ["  Payment ID ", "AMOUNT", "currency", "Due Date", "beneficiary_name", "Beneficiary IBAN",
                     "beneficiary bic", "Beneficiary_Country", "Extra"],
            schema: ImportType.payments.schema)
        #expect(Array(mapping.columnOfField.prefix(8)) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(mapping.columnOfField[8] == -1)
        #expect(mapping.unknownColumns == ["Extra"])
        #expect(mapping.warnings.first?.code == "unknown_column")
    }

    @Test func aFieldNamedTwiceFailsTheDocument() {
        #expect(throws: DocumentFailure.self) {
            try HeaderMapping(header: ImportType.payments.schema.fields.map(\.name) + ["Payment_ID"], schema: ImportType.payments.schema)
        }
    }
}
