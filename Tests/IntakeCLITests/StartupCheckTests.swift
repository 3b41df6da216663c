import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A root Intake cannot use stops it at start with a clear error and a
/// non-zero exit, never a silent empty run.
@Suite struct StartupCheckTests {
    @Test func missingInboxMountStopsRunAndWatch() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__a.csv", PaymentsCSV.mixed)
        try FileManager.default.removeItem(atPath: root.root.inbox)
        for command in ["run", "watch"] {
            let result = try IntakeBinary.run([command, root.path])
            #expect(result.status == 66, "\(command)")
            #expect(result.stderr.contains("is missing or not a folder; is the inbox mounted?"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.root.inbox), "nothing recreates an unmounted inbox")
    }

    @Test func readOnlyOutboxStopsRunBeforeAnyClaim() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__a.csv", PaymentsCSV.mixed)
        // A read-only bind mount of the outbox onto itself, in a mount namespace of the test's own.
        let script = """
            set -e
            mount --bind "$1/outbox" "$1/outbox"
            mount -o remount,bind,ro "$1/outbox"
            "$2" run "$1"
            """
        let (status, text) = try inMountNamespace(["-c", script, "bash", root.path, IntakeBinary.path])
        #expect(status == 73, "\(text)")
        #expect(text.contains("outbox is not writable (Read-only file system)"), "\(text)")
        #expect(root.files("inbox") == ["acme__payments__a.csv"], "nothing was claimed")
        #expect(try root.jobs().isEmpty)
    }
}
