import IntakeCore
import IntakeSystem

/// The root's folders on disk: created, checked and prepared (Engine's side of ``Root``).
extension Root {
    /// Creates `outbox/WORKSPACE`; with a customer group, gives it that group
    /// and mode 2750 (setgid: every report written in it gets the group too),
    /// so the workspace's chrooted SFTP customers read their reports.
    /// A folder that cannot be given the group is logged, not fatal: the
    /// reports are still written.
    public func prepareOutbox(_ workspace: String, customerGroup: UInt32?, logger: Logger) throws(SystemError) {
        let folder = outbox(workspace)
        try FileSystem.createDirectories(folder)
        guard let customerGroup else { return }
        let status = try FileStatus.of(folder)
        guard status.group != customerGroup || status.permissions != 0o2750 else { return }
        do {
            try FileSystem.setGroup(folder, gid: customerGroup, mode: 0o2750)
        } catch {
            logger.log(.warning, "outbox_group_failed", [
                "workspace": workspace,
                "message": "\(error); its customers may not read their reports: run intake init as root, or run the daemon as a member of group \(customerGroup)",
            ])
        }
    }

    /// The top-level folders of a root: the drop tree, and with `embedded`
    /// storage (SQLite mode) `locks/` and `data/` too.
    public func folders(embedded: Bool = true) -> [String] {
        [inbox, work, outbox, archive, failed] + (embedded ? [locks, data] : [])
    }

    /// Creates the top-level folders.
    public func createFolders(embedded: Bool = true) throws(SystemError) {
        for folder in [path] + folders(embedded: embedded) { try FileSystem.createDirectories(folder) }
    }

    /// Checks that the root and its folders are on one device (claims and
    /// archives are renames). Missing folders are created first.
    public func checkOneFilesystem(embedded: Bool = true) throws(RootError) {
        do {
            try createFolders(embedded: embedded)
            let device = try FileStatus.of(path).device
            for folder in folders(embedded: embedded) {
                let status = try FileStatus.of(folder)
                guard status.kind == .directory else {
                    throw RootError(message: "\(folder) is not a folder (is it a symbolic link?); make it a plain folder inside the root")
                }
                guard status.device == device else {
                    throw RootError(message: "\(folder) is on another filesystem than \(path); keep the whole root on one local filesystem (claims and archives are renames)")
                }
                try checkWritable(folder)
            }
        } catch let error as RootError {
            throw error
        } catch {
            throw RootError(message: "cannot prepare the root \(path): \(error)")
        }
    }
}

extension Root {
    /// Creates and removes a probe file: a read-only mount or a folder Intake
    /// may not write fails here, at start, not halfway through a job.
    package func checkWritable(_ folder: String) throws(RootError) {
        let probe = folder + "/.intake-probe-\(FileSystem.processID)"
        do {
            _ = try FileDescriptor.openForWriting(probe, mode: 0o600)  // closed again at once
            try FileSystem.removeFile(probe)
        } catch {
            throw RootError(message: "\(folder) is not writable (\(error.reason)); Intake writes there: fix its mount or permissions")
        }
    }
}

/// The root cannot be used (exit 73).
public struct RootError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String
    public var description: String { message }
}

extension Root {
    /// A job's result file in `workspace`'s outbox: `JOB.result.json.pgp` when
    /// that is the one written (`encrypt_reports_to`), else `JOB.result.json`
    /// (which may not exist yet).
    package func resultFile(workspace: String, job: String) -> String {
        let plain = outbox(workspace) + "/" + job + ".result.json"
        return FileSystem.exists(plain + ".pgp") ? plain + ".pgp" : plain
    }
}
