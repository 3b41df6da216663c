import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct PostgresURLTests {
    @Test(arguments: [
        ("postgresql://intake:secret@db.example:5432/intake", "postgresql://intake:***@db.example:5432/intake"),
        ("postgres://u:p%40ss@h/db?sslmode=require", "postgres://u:***@h/db?sslmode=require"),
        ("postgresql://u@h/db?password=secret&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
        ("postgresql://h/db?sslmode=require&password=secret", "postgresql://h/db?sslmode=require&password=***"),
        ("postgresql://u:pw@h1:5432,h2:5433/db", "postgresql://u:***@h1:5432,h2:5433/db"),
        ("postgresql://u:we/ird?p@ss@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("postgresql://u:@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:pw@[::1]:5432/db", "postgresql://u:***@[::1]:5432/db"),
        ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
        ("postgresql:///intake?host=/run/postgresql", "postgresql:///intake?host=/run/postgresql"),
        ("host=h user=u password=secret dbname=d", "host=h user=u password=*** dbname=d"),
        (#"password = 'se cr\'et' host=h"#, "password = *** host=h"),
        ("host=h dbname=d", "host=h dbname=d"),
    ])
    func redactedHidesEveryPassword(url: String, expected: String) {
        #expect(PostgresURL.redacted(url) == expected)
    }

    @Test func isPostgresKnowsBothSchemes() {
        #expect(PostgresURL.isPostgres("postgresql://h/db"))
        #expect(PostgresURL.isPostgres("postgres://h/db"))
        #expect(PostgresURL.isPostgres("PostgreSQL://h/db"))
        #expect(!PostgresURL.isPostgres("/var/lib/intake"))
        #expect(!PostgresURL.isPostgres("host=h dbname=d"))
        #expect(!PostgresURL.isPostgres("postgresql:"))
    }

    /// What `intake init` writes into `intake.json` from `INTAKE_DATABASE_URL`.
    @Test(arguments: [
        ("postgresql://intake:s3cret@db.internal:5432/intake", "postgresql://intake@db.internal:5432/intake"),
        ("postgresql://intake:p@ss/w?rd@db/intake", "postgresql://intake@db/intake"),
        ("postgresql://intake@db/intake?password=s3cret", "postgresql://intake@db/intake"),
        ("postgresql://intake@db/intake?password=s3cret&sslmode=require", "postgresql://intake@db/intake?sslmode=require"),
        ("postgresql://intake@db/intake?sslmode=require&password=s3cret", "postgresql://intake@db/intake?sslmode=require"),
        ("postgresql://intake@db/intake", "postgresql://intake@db/intake"),
    ])
    func withoutPasswordLeavesThePasswordOut(url: String, expected: String) {
        #expect(PostgresURL.withoutPassword(url) == expected)
    }
}
