import Foundation
import Testing
import IntakeKit
import IntakeTestSupport

/// `FileSystem.readFile` (and `FileDescriptor.readAll`) read a small file
/// whole or fail: a file over the limit is never returned in part.
@Suite struct ReadFileTests {
    @Test func aFileUpToTheLimitIsReadWholeAndALargerOneFails() throws {
        let temporary = try TemporaryRoot()
        let path = temporary.path + "/small.txt"
        let text = String(repeating: "0123456789", count: 1000)  // 10,000 bytes: chunks of 4096 and a partial one
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FileSystem.readFile(path, limit: 10_000) == Array(text.utf8))
        #expect(try FileSystem.readFile(path, limit: 8192 + 4096) == Array(text.utf8))
        for limit in [9_999, 8192, 4096, 100, 0] {
            #expect(throws: SystemError("read", path: path, code: EFBIG), "limit \(limit)") { try FileSystem.readFile(path, limit: limit) }
        }
        let error = SystemError("read", path: path, code: EFBIG)
        #expect(error.description.contains("larger than Intake reads whole"))
        // An empty file within any limit.
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FileSystem.readFile(path, limit: 0).isEmpty)
    }
}
