import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Lost connections, advisory locks and connect failures against the test cluster.
@Suite struct PostgresConnectionLossTests {
    /// Ends `victim`'s backend from `admin` and waits until the server has let it go.
    private func terminate(_ victim: PostgresConnection, from admin: PostgresConnection) throws {
        let pid = String(victim.backendPID)
        #expect(try admin.query("SELECT pg_terminate_backend($1::int)", [pid]).bool(0, 0) == true)
        let gone = try eventually(within: 10) {
            try admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [pid]).int(0, 0) == 0
        }
        #expect(gone, "backend \(pid) still listed 10 s after pg_terminate_backend")
    }

    @Test func aTerminatedBackendIsAConnectionLoss() throws {
        let url = try PostgresServer.running().makeDatabase()
        let victim = try PostgresConnection(url: url)
        let admin = try PostgresConnection(url: url)
        try victim.execute("BEGIN")
        try terminate(victim, from: admin)
        #expect(victim.isAlive, "libpq notices the loss only on the next call")
        let error = #expect(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error?.isConnectionLost == true, "\(String(describing: error))")
        #expect(!victim.isAlive)
        #expect(error?.description.contains("connection to the server was lost") == true)
        let again = #expect(throws: PostgresError.self) { try victim.execute("SELECT 1") }
        #expect(again?.isConnectionLost == true)
        victim.close()
    }

    @Test func advisoryLockPassesToTheOtherSessionWhenItsHolderIsTerminated() throws {
        let url = try PostgresServer.running().makeDatabase()
        let first = try PostgresConnection(url: url)
        let second = try PostgresConnection(url: url)
        let tryLock = "SELECT pg_try_advisory_lock(42)"
        #expect(try first.query(tryLock).bool(0, 0) == true)
        #expect(try second.query(tryLock).bool(0, 0) == false)
        try terminate(first, from: second)
        #expect(try second.query(tryLock).bool(0, 0) == true)
    }

    @Test func aCopyOnALostConnectionFailsAtFinish() throws {
        let url = try PostgresServer.running().makeDatabase()
        let victim = try PostgresConnection(url: url)
        let admin = try PostgresConnection(url: url)
        try victim.execute("CREATE TABLE sink (line text)")
        let copy = try victim.copyIn("COPY sink FROM STDIN")
        try terminate(victim, from: admin)
        let line = Array(String(repeating: "x", count: 1_000).utf8) + [CopyText.rowEnd]
        for _ in 0..<5_000 { line.withUnsafeBufferPointer { copy.write($0) } }
        let error = #expect(throws: PostgresError.self) { try copy.finish() }
        #expect(error?.isConnectionLost == true, "\(String(describing: error))")
        #expect(!victim.isAlive)
    }

    @Test func aConnectErrorNamesTheServerButNeverItsPassword() throws {
        let port = try SystemTools.freeLoopbackPort()  // nobody listens there
        let url = "postgresql://intake:Sup3rSecretPw@127.0.0.1:\(port)/intake"
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }
        let description = error?.description ?? ""
        #expect(description.contains("cannot connect to postgresql://intake:***@127.0.0.1:\(port)/intake"), "\(description)")
        #expect(description.contains("INTAKE_DATABASE_URL"))
        #expect(!description.contains("Sup3rSecretPw"), "\(description)")
        #expect(error?.isConnectionLost == true)
    }

    @Test func aMalformedURLQuotedByLibpqStillHidesThePassword() throws {
        // libpq quotes the bad token in its message; the secret must not come out through it.
        for url in ["postgresql://intake:pa%zzw0rd@127.0.0.1:1/intake", "postgresql://intake:pa%41ssw0rd@127.0.0.1:x/intake"] {
            let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }
            let description = error?.description ?? ""
            #expect(!description.contains("zzw0rd") && !description.contains("ssw0rd"), "\(description)")
        }
    }
}
