// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
// IntakeCore's validator is generic over the formats' row types (RowFields) and is
// called once per row from IntakeFormats' row loop: without cross-module
// optimisation that call is unspecialised, through witness tables (+2.3 % of the
// 100k-row import's instructions, measured with callgrind).
let hotPath: [SwiftSetting] = strict + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "Intake",
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .executable(name: "intake-gen-payments", targets: ["intake-gen-payments"]),
        .library(name: "IntakeKit", targets: ["IntakeKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite",
            pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib",
            pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            // GPGME (OpenPGP drops and reports), linked: every command that imports may meet a .pgp drop.
            name: "CGPGME", path: "Sources/CGPGME",
            pkgConfig: "gpgme", providers: [.apt(["libgpgme-dev"])]),
        .systemLibrary(
            // libcurl, with typed wrappers of its variadic setopt/getinfo: webhook deliveries (IntakeHTTP).
            name: "CCurl", path: "Sources/CCurl",
            pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            // Wrappers of the variadic system calls Swift cannot make (prctl).
            name: "CSystem", path: "Sources/CSystem"),
        .systemLibrary(
            // Headers only (libpq-dev): libpq itself is loaded with dlopen in PostgreSQL mode (LibPQ.swift).
            name: "CPostgreSQL", path: "Sources/CPostgreSQL"),
        .systemLibrary(
            // Headers only (libmicrohttpd-dev): the library is loaded with dlopen by `intake serve` (MicroHTTPD.swift).
            name: "CMicroHTTPD", path: "Sources/CMicroHTTPD"),
        // The one syscall layer: the only target that imports Glibc (and CSystem's prctl wrapper).
        .target(name: "IntakeSystem", dependencies: ["CSystem"], swiftSettings: strict),
        // The model, validation, root paths and the seams (storage, documents) every other part meets at.
        .target(name: "IntakeCore", dependencies: ["IntakeSystem"], swiftSettings: hotPath),
        // The backends behind the storage seam: embedded SQLite files, or one PostgreSQL database.
        .target(name: "IntakeSQLite", dependencies: ["IntakeCore", "CSQLite"], swiftSettings: strict),
        .target(name: "IntakePostgres", dependencies: ["IntakeCore", "CPostgreSQL"], swiftSettings: strict),
        // `intake migrate`: moves a root's SQLite files into PostgreSQL (reads one backend, writes the other).
        .target(name: "IntakeMigrate", dependencies: ["IntakeSQLite", "IntakePostgres"], swiftSettings: strict),
        // The document formats: CSV, JSON, XML (pain.001) and XLSX readers, their rejected-file writers, and the row loop.
        .target(name: "IntakeFormats", dependencies: ["IntakeCore", "CZlib"], swiftSettings: strict),
        // OpenPGP through GPGME: the `.pgp`/`.gpg`/`.asc` layer, signature policy, the keys of `intake keys`.
        .target(name: "IntakeOpenPGP", dependencies: ["IntakeCore", "CGPGME"], swiftSettings: strict),
        // Drops, claims, jobs, reports, hooks and the daemon. It links no format and no backend:
        // it is given them (Drivers) through IntakeCore's seams.
        .target(name: "IntakeEngine", dependencies: ["IntakeCore"], swiftSettings: strict),
        // `intake serve` (the Trustpair and Papaya APIs and the review page, over libmicrohttpd loaded on
        // first use) and webhook deliveries (libcurl), given to the engine through Drivers; storage only
        // through IntakeCore's seams.
        .target(name: "IntakeHTTP", dependencies: ["IntakeEngine", "CMicroHTTPD", "CCurl"], swiftSettings: strict),
        // The commands, and the one place that picks the backends and the formats (Backends.swift).
        .target(
            name: "IntakeCLI",
            dependencies: [
                "IntakeEngine", "IntakeFormats", "IntakeOpenPGP", "IntakeSQLite", "IntakePostgres", "IntakeMigrate", "IntakeHTTP",
            ],
            swiftSettings: strict),
        // Every part at once, for programs that embed Intake.
        .target(name: "IntakeKit", dependencies: ["IntakeCLI"], swiftSettings: strict),
        .executableTarget(name: "intake", dependencies: ["IntakeCLI"], swiftSettings: strict),
        // A deterministic payments file generator with known defects, used by the
        // tests and the benchmark. It shares no code with the validators on purpose.
        .target(name: "IntakeFixtures", swiftSettings: strict),
        .executableTarget(
            name: "intake-gen-payments", dependencies: ["IntakeFixtures"], swiftSettings: strict),
        // What the tests share: temporary roots, the built binary, servers they start (OpenSSH,
        // PostgreSQL), fixtures. A library of its own so that each test target mirrors one target.
        .target(
            name: "IntakeTestSupport", dependencies: ["IntakeKit", "IntakeFixtures"], path: "Tests/IntakeTestSupport",
            resources: [.copy("Fixtures/XLSX"), .copy("Fixtures/Exports")], swiftSettings: strict),
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "IntakeFormatsTests", dependencies: ["IntakeTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntakeSQLiteTests", dependencies: ["IntakeTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntakePostgresTests", dependencies: ["IntakeTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "IntakeEngineTests", dependencies: ["IntakeTestSupport"], swiftSettings: strict),
        // `intake serve` over real HTTP on loopback (the built binary), its page in Chromium; the webhooks' HMAC and schedule.
        .testTarget(
            name: "IntakeHTTPTests", dependencies: ["IntakeTestSupport", "intake"], swiftSettings: strict),
        // End to end: the built `intake` binary on real roots.
        .testTarget(
            name: "IntakeCLITests", dependencies: ["IntakeTestSupport", "intake", "intake-gen-payments"],
            swiftSettings: strict),
    ]
)
