import Foundation
import IntakeKit

extension TemporaryRoot {
    /// An executable shell script `name` in the root's folder; `body` is its
    /// text after the `#!/bin/sh` line. Returns its path.
    package func script(_ body: String, name: String = "hook.sh") throws -> String {
        let path = self.path + "/" + name
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// Changes `intake.json` (read, changed, written back).
    package func reconfigure(_ change: (inout Configuration) -> Void) throws {
        var configuration = try Configuration.load(path: root.configuration)
        change(&configuration)
        try configuration.json().write(toFile: root.configuration, atomically: true, encoding: .utf8)
    }

    /// The hook state of every job (`done`, `failed`, `pending`, `running:…`).
    package func hookStates() throws -> [String] {
        try jobs().map { $0.hookState ?? "" }
    }
}
