import Foundation
import IntakeKit

/// The committed fixtures (`Fixtures/XLSX`: workbooks made by
/// tests/fixtures-tools/make-xlsx-fixtures.sh; `Fixtures/Exports`: documents as
/// people's tools write them, made by tests/fixtures-tools/make_people_exports.py).
package enum Fixture {
    /// The bytes of fixture `name` in `Fixtures/SUBDIRECTORY`.
    package static func bytes(_ name: String, in subdirectory: String) throws -> [UInt8] {
        guard let dot = name.lastIndex(of: "."),
              let url = Bundle.module.url(
                forResource: String(name[..<dot]), withExtension: String(name[name.index(after: dot)...]),
                subdirectory: subdirectory)
        else { throw FixtureMissing(name: subdirectory + "/" + name) }
        return [UInt8](try Data(contentsOf: url))
    }

    /// A fixture that is not in the bundle.
    package struct FixtureMissing: Error, CustomStringConvertible {
        package let name: String
        package var description: String { "no fixture \(name) in Tests/IntakeTestSupport/Fixtures" }
    }
}

/// The jobs, one line each, for a failure's message.
package func describe(_ jobs: [JobRecord]) -> String {
    jobs.map { "\($0.jobID) \($0.sourceName) \($0.status) total=\($0.total) bytes=\($0.sourceBytes ?? -1)" }
        .joined(separator: "; ")
}
