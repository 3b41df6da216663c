import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake --version`, and the version in `intake status --json` (spec section 7).
@Suite struct VersionTests {
    @Test func versionIsPrintedAndInStatusJSON() throws {
        let printed = try IntakeBinary.run(["--version"])
        #expect(printed.status == 0)
        #expect(printed.stdout == "intake \(IntakeVersion.current)\n")
        #expect(IntakeVersion.current.split(separator: ".").count == 3
            && IntakeVersion.current.split(separator: ".").allSatisfy { Int($0) != nil })

        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let status = try IntakeBinary.run(["status", root.path, "--json"])
        let line = try #require(status.stdout.split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["version"] as? String == IntakeVersion.current)
        #expect(object?["status"] as? String == "DONE")
        // result.json stays as the spec shows it, without a version.
        let job = try #require(try root.jobs().first)
        #expect(try root.result("acme", job.jobID)["version"] == nil)
    }
}
