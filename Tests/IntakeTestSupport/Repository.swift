import Foundation

/// The repository the tests run from: where `docs/`, `fuzz/`, `deploy/` and
/// `.build/` are.
package enum Repository {
    /// The repository's root folder, found from this file's path (`Tests/IntakeTestSupport/`).
    package static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // IntakeTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
}
