@testable import IntakeKit
import Testing
import IntakeTestSupport

/// A released migration step never changes: each one is pinned here by its
/// name and the SHA-256 of its SQL as released (taken from main before the
/// steps had names). Editing a released step fails this suite; a change to a
/// schema is a new step, appended, whose hash is added here when it ships.
@Suite struct FrozenMigrationsTests {
    enum Schema: String, CaseIterable, Sendable {
        case sqliteStore, sqliteCatalogue, postgresCatalogue, postgresStore

        var migrations: SchemaMigrations {
            switch self {
            case .sqliteStore: SQLiteStore.migrations
            case .sqliteCatalogue: SQLiteCatalogue.migrations
            case .postgresCatalogue: PostgresSchema.catalogueMigrations
            case .postgresStore: PostgresSchema.storeMigrations
            }
        }

        /// The released steps: name and SHA-256 of the SQL's UTF-8 bytes.
        var released: [(name: String, sha256: String)] {
            switch self {
            case .sqliteStore: [
                ("v1-payments", "b7615bb49bc7b9b5b42f5a6c56103eeaa69b2bd187208a2c97fc222694f010d0"),
                ("v2-other-types", "311cf12827a01ace4d5679b982ed4e026e07c72cde620b1eab5f4dec4aada233"),
                ("v3-papaya-names", "5047f0b858e3e8cd189fe6e865c2c6cf9e88ddff83bf887a56f681918eae6b7b"),
            ]
            case .sqliteCatalogue: [
                ("v1-jobs", "d55a726bf5a714beb70f6497b32aabb7f1277ad2a93f32aff4fcffc97328caff"),
                ("v2-update-payments", "d4ebaed4a9169ab26d2038e5e932488bb86be5afd7fdad4f8c31be0f7dd9c0aa"),
                ("v3-hook-state", "1691f9447f96c5411798034c7c5c4976dd1f2b8cb9dc637db8614b925f11a9aa"),
                ("v4-source-layers", "f80bac87ed5967f4186a679dd94b7a24bdbf2f018051c7a4621e54e823699d06"),
                ("v5-webhook-deliveries", "d4850499a35529a25dfd64b9db9ed6086d9d50d64da630f38de69296a5a86f48"),
            ]
            case .postgresCatalogue: [
                ("v1-jobs-and-locks", "b0f5a959e2e0a721fd111d6922afffd76d2bb148ba86917bea7c14cef2c12d42"),
                ("v2-source-layers", "e30592f523d8c19985b05257bb92406fc914d5a0b8ab6e90c9fb5b29d190e70e"),
                ("v3-webhook-deliveries", "5cac91a514114ab6f383e9114e5c43000b3a2f52d9911a42fc2ff4b44b4e452d"),
            ]
            case .postgresStore: [
                ("v1-all-types", "8946a36457d5c5bac1a76593bc90dec5e575ce77a1f5de3690db6e41f2fc101e"),
                ("v2-papaya-names", "5047f0b858e3e8cd189fe6e865c2c6cf9e88ddff83bf887a56f681918eae6b7b"),
            ]
            }
        }
    }

    @Test(arguments: Schema.allCases)
    func releasedStepsKeepTheirNamesOrderAndSQL(_ schema: Schema) {
        let steps = schema.migrations.steps
        #expect(steps.count >= schema.released.count, "a released step was removed")
        for (index, released) in schema.released.enumerated() where index < steps.count {
            #expect(steps[index].name == released.name, "step \(index + 1) of \(schema)")
            #expect(
                SHA256.hash(Array(steps[index].sql.utf8)) == released.sha256,
                "\(released.name) of \(schema) changed: a released step is frozen; add a step instead")
        }
    }

    @Test(arguments: Schema.allCases)
    func everyStepIsNamedAfterTheVersionItMakes(_ schema: Schema) {
        for (index, name) in schema.migrations.names.enumerated() {
            #expect(name.hasPrefix("v\(index + 1)-"), "\(name)")
            #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(name)")
        }
        #expect(Set(schema.migrations.names).count == schema.migrations.steps.count)
    }

    @Test func papayaNamesIsOneChangeInBothBackends() {
        let sqlite = SQLiteStore.migrations.steps.first { $0.name == "v3-papaya-names" }
        let postgres = PostgresSchema.storeMigrations.steps.first { $0.name == "v2-papaya-names" }
        #expect(sqlite != nil && sqlite?.sql == postgres?.sql)
    }
}
