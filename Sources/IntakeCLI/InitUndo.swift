import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// What `intake init` must take back when it fails after its first write, so a
/// failed `init` leaves nothing behind: the paths it is about to make (the
/// root, its folders, `intake.json`) are noted before, removed after a
/// failure, and an existing `intake.json` gets its bytes back.
struct InitUndo {
    /// The paths that did not exist before, deepest last.
    private let made: [String]
    private let configuration: String
    /// The configuration's bytes before, when it existed.
    private let before: [UInt8]?

    init(root: Root, embedded: Bool) {
        made = ([root.path] + root.folders(embedded: embedded) + [root.configuration, root.catalogue]).filter { !FileSystem.exists($0) }
        configuration = root.configuration
        before = try? FileSystem.readFile(root.configuration, limit: 4 << 20)
    }

    /// Removes what was made and restores the configuration; best effort (the
    /// first failure is what the caller reports).
    func run() {
        for path in made.reversed() where FileSystem.exists(path) {
            try? FileManager.default.removeItem(atPath: path)
        }
        if let before, !made.contains(configuration) {
            try? BufferedFile.write(String(decoding: before, as: UTF8.self), to: configuration, mode: (try? FileStatus.of(configuration).permissions) ?? 0o640)
        }
    }
}
