import Foundation
import Testing
import IntakeKit
import IntakeTestSupport

/// `intake token` and the `serve` part of `intake.json`; `intake serve` in PostgreSQL mode.
@Suite struct ServeSetUpTests {
    @Test func aTokenIsPrintedOnceAndOnlyItsHashIsKept() throws {
        let temporary = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions)])
        let before = try temporary.read("intake.json")
        let made = try IntakeBinary.run(["token", temporary.path, "--workspace", "acme"])
        #expect(made.status == 0)
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("itk_") && token.count == 68)
        let after = try temporary.read("intake.json")
        #expect(!after.contains(token))
        let hash = "sha256:" + SHA256.hash(Array(token.utf8))
        let configuration = try Configuration.load(path: temporary.root.configuration)
        #expect(configuration.workspaces["acme"]?.apiTokens == [hash])
        // Every other byte of the file kept.
        #expect(after.replacingOccurrences(of: ", \"api_tokens\": [\"\(hash)\"]", with: "") == before)
        let admin = try IntakeBinary.run(["token", temporary.path, "--admin"])
        let second = try IntakeBinary.run(["token", temporary.path, "--admin"])
        #expect(admin.stdout != second.stdout)
        #expect(try Configuration.load(path: temporary.root.configuration).adminTokens.count == 2)
        #expect(try IntakeBinary.run(["check", temporary.path]).status == 0)
        let unknown = try IntakeBinary.run(["token", temporary.path, "--workspace", "acm"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("acme"))
        #expect(try IntakeBinary.run(["token", temporary.path]).status == 64)
        #expect(try IntakeBinary.run(["token", temporary.path, "--admin", "--workspace", "acme"]).status == 64)
    }

    @Test func theServeSettingsAreCheckedWithTheirKeyPath() throws {
        let temporary = try TemporaryRoot()
        let good = try temporary.read("intake.json")
        let cases = [
            ("\"serve\": {\"listen\": \"localhost\"},", "serve.listen"),
            ("\"serve\": {\"listen\": \"127.0.0.1:8080\", \"tls_cert\": \"/x.pem\"},", "tls_cert and tls_key go together"),
            ("\"serve\": {\"lisen\": \"127.0.0.1:8080\"},", "serve.lisen"),
            ("\"admin_tokens\": [\"itk_plain_token\"],", "admin_tokens[0]"),
            ("\"serve\": {\"idle_timeout_seconds\": 0},", "`serve.idle_timeout_seconds`: must be from 1 to 300"),
            ("\"serve\": {\"idle_timeout_seconds\": 1.5},", "`serve.idle_timeout_seconds`: expected a whole number"),
            ("\"serve\": {\"body_timeout_seconds\": 301},", "`serve.body_timeout_seconds`: must be from 1 to 300 seconds"),
        ]
        for (member, expected) in cases {
            try good.replacingOccurrences(of: "{\n", with: "{\n" + member + "\n", options: .anchored)
                .write(toFile: temporary.root.configuration, atomically: true, encoding: .utf8)
            let check = try IntakeBinary.run(["check", temporary.path])
            #expect(check.status == 64, "\(member)")
            #expect(check.stderr.contains(expected), "\(member): \(check.stderr)")
        }
        try good.replacingOccurrences(of: "{\n", with: "{\n\"serve\": {\"listen\": \"[::1]:9\"},\n", options: .anchored)
            .write(toFile: temporary.root.configuration, atomically: true, encoding: .utf8)
        #expect(try Configuration.load(path: temporary.root.configuration).serve.listen == ServeSettings.Address(host: "::1", port: 9))
        let defaults = try Configuration.load(path: temporary.root.configuration).serve
        #expect(defaults.idleTimeoutSeconds == 30 && defaults.bodyTimeoutSeconds == 30)
        try good.replacingOccurrences(of: "{\n", with: "{\n\"serve\": {\"idle_timeout_seconds\": 2, \"body_timeout_seconds\": 2.5},\n", options: .anchored)
            .write(toFile: temporary.root.configuration, atomically: true, encoding: .utf8)
        let short = try Configuration.load(path: temporary.root.configuration)
        #expect(short.serve.idleTimeoutSeconds == 2 && short.serve.bodyTimeoutSeconds == 2.5)
        #expect(try Configuration.parse(Data(short.json().utf8), path: "intake.json").serve == short.serve)
        #expect(try IntakeBinary.run(["serve", temporary.path, "--listen", "nowhere"]).status == 64)
    }

    @Test func aSecondServerOnTheSamePortExitsWithAMessage() throws {
        let served = try ServedRoot(TemporaryRoot())
        let clash = try IntakeBinary.run(["serve", served.temporary.path, "--listen", "127.0.0.1:\(served.port)"])
        #expect(clash.status == 73)
        #expect(clash.stderr.contains("cannot listen on 127.0.0.1:\(served.port)"))
    }

    @Test func withACertificateAndKeyItServesHTTPSAndTheCookieIsSecure() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/intake-tls-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
                             "-days", "2", "-subj", "/CN=127.0.0.1"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let served = try ServedRoot(TemporaryRoot {
            $0.serve.tlsCert = folder + "/cert.pem"
            $0.serve.tlsKey = folder + "/key.pem"
        })
        #expect(served.base.hasPrefix("https://"))
        #expect(try served.json("GET", "/api/v1/imports").status == 200)
        let signIn = try Curl.request(served.base + "/signin", method: "POST", body: Array("token=\(served.admin)".utf8), extra: ["-k"])
        #expect(signIn.headers["set-cookie"]?.contains("; Secure") == true)
        // Plain HTTP on the TLS port gets no answer.
        #expect((try? Curl.request("http://127.0.0.1:\(served.port)/healthz"))?.status != 200)
    }

    @Test func postgresModeIsServedThroughTheSameSeams() throws {
        let (temporary, url) = try TemporaryRoot.postgres()
        let served = try ServedRoot(temporary)
        let posted = try served.json("POST", "/api/v1/imports", body: ServeAPITests.body("acme"))
        #expect(posted.status == 202)
        let id = try #require(posted.data["id"] as? String)
        #expect(try served.json("POST", "/api/v1/imports", body: ServeAPITests.body("acme")).status == 422)
        try served.runPass()
        let attributes = try served.json("GET", "/api/v1/imports/\(id)").data["attributes"] as? [String: Any]
        #expect(attributes?["status"] as? String == "DONE")
        #expect(try TemporaryRoot.scalar(url, "SELECT status FROM intake.jobs WHERE job_id = '\(id)'") == "DONE")
        let failed = try served.json("GET", "/api/v1/imports/\(id)/entries?status=failed")
        #expect(failed.list.count == 1)
        #expect(!FileManager.default.fileExists(atPath: temporary.root.catalogue))
    }
}
