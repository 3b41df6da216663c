import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A customer uploads a whole folder with OpenSSH's `sftp put -r` into its type
/// folder, against a real chrooted `sshd` and the real `intake watch` (started
/// before the folders exist; the rescan is 300 s, so every folder made by the
/// upload is found through its inotify watch): the files up to three folders
/// deep are imported under their path below the type folder, the one four
/// folders deep is answered and kept in `failed/`, and the customer lists
/// every result in its outbox.
@Suite(.serialized) struct SFTPFolderUploadTests {
    @Test func aFolderPutRecursivelyIsImportedAndWhatIsTooDeepIsAnswered() throws {
        let scene = try DeliveryScene(settleSeconds: 0.5)
        defer { scene.close() }
        let server = try #require(scene.server)
        let local = scene.root.path + "/upload/batch-7"
        var files: [String: GeneratedFile] = [:]
        for (index, name) in ["june.csv", "week-2/july.csv", "a/b/c/deep.csv"].enumerated() {
            let generated = try scene.generate(rows: 300, seed: 71 + UInt64(index))
            let target = local + "/" + name
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: generated.path, toPath: target)
            files["batch-7/" + name] = GeneratedFile(path: target, rows: generated.rows, invalid: generated.invalid)
        }
        let upload = try server.batch(["put -r \(server.quoted(local)) /inbox/payments/batch-7"])
        #expect(upload.status == 0, "\(upload.text)")
        let settled = try scene.settled(within: 30)
        #expect(settled, "inbox \(scene.inboxFiles), jobs \(describe((try? scene.root.jobs()) ?? []))")
        let jobs = try scene.root.jobs()
        #expect(jobs.count == 3, "\(describe(jobs))")
        for name in ["batch-7/june.csv", "batch-7/week-2/july.csv"] {
            let file = try #require(files[name])
            let job = try #require(jobs.first { $0.sourceName == name }, "no job for \(name): \(describe(jobs))")
            #expect(job.status == .done && job.total == file.rows && job.failed == file.invalid, "\(describe([job]))")
            #expect(job.sha256 == file.sha256)
            let original = scene.original(of: job) ?? ""
            #expect(original.hasPrefix("archive/") && original.hasSuffix(job.jobID + "__" + name.replacingOccurrences(of: "/", with: "__")),
                    "\(original)")
            let result = try scene.root.result(DeliveryScene.workspace, job.jobID)
            #expect((result["source"] as? [String: Any])?["name"] as? String == name)
        }
        let deep = try #require(jobs.first { $0.sourceName == "batch-7/a/b/c/deep.csv" }, "\(describe(jobs))")
        #expect(deep.status == .rejected && deep.error?.code == "too_deep", "\(describe([deep]))")
        #expect(scene.original(of: deep) == "failed/acme/\(deep.jobID)__batch-7__a__b__c__deep.csv")
        #expect(try scene.root.readBytes(scene.original(of: deep) ?? "") == (try #require(files["batch-7/a/b/c/deep.csv"])).bytes)
        let outbox = try server.list("/outbox")
        for job in jobs {
            #expect(outbox.contains(job.jobID + ".result.json"), "the customer does not see \(job.jobID)'s result: \(outbox)")
        }
        #expect(try scene.root.storeCount(DeliveryScene.workspace, "SELECT count(*) FROM entries") == 600)
    }
}
