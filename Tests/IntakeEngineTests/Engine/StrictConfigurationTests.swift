import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake.json` read strictly: every mistake named by its key's path.
@Suite struct StrictConfigurationTests {
    private func problems(_ json: String) -> [String] {
        do {
            _ = try Configuration.parse(Data(json.utf8), path: "intake.json")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func typosAtEveryLevelNameTheirPathAndTheNearestKey() {
        let found = problems("""
            {"settle_secs": 5, "workspaces": {"acme": {"permisions": [],
             "types": {"payments": {"decimal_coma": true}}}}}
            """)
        #expect(found.count == 3)
        #expect(found.contains { $0.hasPrefix("`settle_secs`: unknown key; did you mean `settle_seconds`?") })
        #expect(found.contains { $0.hasPrefix("`workspaces.acme.permisions`: unknown key; did you mean `permissions`?") })
        #expect(found.contains { $0.hasPrefix("`workspaces.acme.types.payments.decimal_coma`: unknown key; did you mean `decimal_comma`?") })
    }

    @Test func wrongTypesNameThePathAndTheExpectedType() {
        #expect(problems(#"{"workers": 1.5, "workspaces": {}}"#).first?.hasPrefix("`workers`: expected a whole number") == true)
        #expect(problems(#"{"settle_seconds": "2", "workspaces": {}}"#).first?.hasPrefix("`settle_seconds`: expected a number of seconds, found a string") == true)
        #expect(problems(#"{"workspaces": {"acme": {"permissions": "payment_checks_write"}}}"#).first?
            .hasPrefix("`workspaces.acme.permissions`: expected an array of strings, found a string") == true)
        #expect(problems(#"{"workspaces": {"acme": {"types": {"payments": {"all_or_nothing": "yes"}}}}}"#).first?
            .hasPrefix("`workspaces.acme.types.payments.all_or_nothing`: expected true or false") == true)
        #expect(problems(#"{"workspaces": {"acme": {"types": {"paymets": {}}}}}"#).first?
            .hasPrefix("`workspaces.acme.types.paymets`: unknown type; did you mean `payments`?") == true)
        #expect(problems(#"{"on_job_end": ["notify"], "workspaces": {}}"#).first?.contains("absolute path") == true)
    }

    @Test func aSyntaxErrorNamesItsLineAndColumn() {
        let found = problems("{\n  \"workspaces\": {\n    \"acme\": {\"permissions\": [\"x\",]}\n  }\n}")
        #expect(found.first?.contains("line 3, column ") == true, "\(found)")
        #expect(problems("{\"workspaces\": {}, \"workers\": 2, \"workers\": 3}").first?.contains("appears twice") == true)
    }

    @Test func theSpecExampleReadsAndHooksAreKept() throws {
        let c = try Configuration.parse(Data("""
            {"on_job_end": ["/usr/local/bin/notify", "--quiet"], "hook_timeout_seconds": 5,
             "workspaces": {"acme": {"permissions": ["payment_checks_write"], "on_job_end": ["/usr/local/bin/notify-acme"],
                                     "types": {"payments": {"encoding": "windows-1252", "decimal_comma": true,
                                               "thousands_separator": " ", "date_format": "DD/MM/YYYY",
                                               "column_aliases": {"Montant": "amount"}, "all_or_nothing": false}}},
                            "beta": {}}}
            """.utf8), path: "x")
        #expect(c.hook(for: "acme") == ["/usr/local/bin/notify-acme"])
        #expect(c.hook(for: "beta") == ["/usr/local/bin/notify", "--quiet"])
        #expect(c.hook(for: "_unrouted") == ["/usr/local/bin/notify", "--quiet"])
        #expect(c.hookTimeoutSeconds == 5)
        #expect(try Configuration.parse(Data(c.json().utf8), path: "x") == c)
    }
}

/// `intake check` and `intake init` on the built binary.
@Suite struct ConfigurationCommandTests {
    @Test func checkListsEveryMistakeAndExits64() throws {
        let root = try TemporaryRoot()
        try #"{"settle_secs": 5, "workspaces": {"acme": {"permisions": ["payment_checks_write"]}}}"#
            .write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let check = try IntakeBinary.run(["check", root.path])
        #expect(check.status == 64)
        #expect(check.stderr.contains("`settle_secs`: unknown key; did you mean `settle_seconds`?"))
        #expect(check.stderr.contains("`workspaces.acme.permisions`: unknown key; did you mean `permissions`?"))
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        for command in [["run", root.path], ["import", root.path, "--workspace", "acme", "--type", "payments", root.root.inbox + "/acme/payments/june.csv"]] {
            let refused = try IntakeBinary.run(command)
            #expect(refused.status == 64, "\(command[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("did you mean `permissions`?"))
        }
        #expect(root.files("outbox").isEmpty && root.files("work").isEmpty && root.files("archive").isEmpty)

        try "{\n  \"workspaces\": {\n    \"acme\": {}\n  \n".write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let broken = try IntakeBinary.run(["check", root.path])
        #expect(broken.status == 64)
        #expect(broken.stderr.contains("line "), "\(broken.stderr)")
        #expect(broken.stderr.contains("column "))

        try #"{"workspaces": {"acme": {"permissions": ["payment_checks_write"]}}}"#
            .write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let good = try IntakeBinary.run(["check", root.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("acme: payments"))
    }

    @Test func initAddsWorkspacesAndKeepsEveryOtherByteOfTheFile() throws {
        let root = try TemporaryRoot()
        let handWritten = """
            {
                "workers": 4,
                "workspaces": {
                    "acme": {
                        "permissions": ["payment_checks_write"],
                        "types": {"payments": {"column_aliases": {"Montant TTC": "amount"}, "encoding": "Windows-1252"}}
                    }
                },
                "settle_seconds": 1
            }

            """
        try handWritten.write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let added = try IntakeBinary.run(["init", root.path, "--workspace", "third", "--workspace", "acme"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added to \(root.root.configuration): third"))
        let after = try String(contentsOfFile: root.root.configuration, encoding: .utf8)
        let insertion = ",\n        \"third\": {\"permissions\": [" + ImportType.allPermissions.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "]}"
        let expected = handWritten.replacingOccurrences(of: "        }\n    },", with: "        }" + insertion + "\n    },")
        #expect(after == expected)
        let again = try IntakeBinary.run(["init", root.path, "--workspace", "third"])
        #expect(again.stdout.contains("unchanged"))
        #expect(try String(contentsOfFile: root.root.configuration, encoding: .utf8) == expected)
    }
}
