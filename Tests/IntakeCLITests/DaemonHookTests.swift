import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The daemon's side of the hook and of the metrics file.
@Suite struct DaemonHookTests {
    @Test func theDaemonRunsTheHookAndWritesValidMetricsWithCountersTyped() throws {
        let root = try TemporaryRoot()
        let script = try root.script("echo \"$INTAKE_JOB_ID $INTAKE_STATUS\" >> \"\(root.path)/calls.log\"\n")
        var configuration = Configuration()
        configuration.settleSeconds = 0.2
        configuration.shutdownSeconds = 10
        configuration.onJobEnd = [script]
        configuration.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let daemon = try IntakeBinary.start(["watch", root.path])
        defer {
            kill(daemon.process.processIdentifier, SIGTERM)
            daemon.process.waitUntilExit()
        }
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        #expect(eventually(within: 20) {
            ((try? String(contentsOfFile: root.path + "/calls.log", encoding: .utf8)) ?? "").contains(" DONE")
        })
        let job = try #require(try root.jobs().first)
        #expect(try String(contentsOfFile: root.path + "/calls.log", encoding: .utf8) == "\(job.jobID) DONE\n")

        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: root.root.metrics) })
        let metrics = try root.read("metrics.prom")
        #expect(metrics.contains("# TYPE intake_inotify_overflows_total counter"))
        #expect(PrometheusText.problems(metrics) == [])
    }

    @Test func theFormatCheckCatchesWhatPromtoolWould() {
        #expect(!PrometheusText.problems("# TYPE x_total gauge\nx_total 1\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE x counter\nx 1\n").isEmpty)
        #expect(!PrometheusText.problems("x 1\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE x gauge\nx{a=\"1} 1\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE x gauge\nx one\n").isEmpty)
        #expect(!PrometheusText.problems("# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx 2\n").isEmpty)
        #expect(PrometheusText.problems("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"\"} 1.5\n# TYPE n_total counter\nn_total 3\n") == [])
    }
}
