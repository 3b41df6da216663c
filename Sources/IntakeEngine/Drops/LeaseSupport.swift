import Foundation
import IntakeCore
import IntakeSystem

/// Whether this process can tell that a writer still holds a drop (spec
/// section 4): asked once when `run` or `watch` starts, logged
/// (`event=lease_unavailable`), written to `metrics.prom` and shown by `status`.
public struct LeaseSupport: Equatable, Sendable {
    /// True when leases work on this filesystem for every drop.
    public let available: Bool
    /// Why not, or where they fall short (nil when fully available).
    public let reason: String?

    /// Tries a lease on a new file of this process's own in `folder` (same
    /// filesystem as the inbox), then looks for `CAP_LEASE`, without which only
    /// files this user owns can be leased.
    public static func probe(folder: String) -> LeaseSupport {
        let path = folder + "/.intake-lease-probe-\(CurrentProcess.processID)"
        defer { try? FileSystem.removeFile(path) }
        do {
            _ = try FileDescriptor.openForWriting(path, mode: 0o600)
            let file = try FileDescriptor.openForReading(path)
            // Gone from the folder before the lease is tried (a lease holds on the
            // open file): a process killed while it probes leaves nothing in work/.
            try FileSystem.removeFile(path)
            switch file.takeReadLease() {
            case .held: file.releaseLease()
            case .writerPresent: return LeaseSupport(available: false, reason: "a lease on a probe file was refused")
            case .unavailable(let reason): return LeaseSupport(available: false, reason: reason)
            }
        } catch {
            return LeaseSupport(available: false, reason: "cannot make a probe file: \(error)")
        }
        guard hasLeaseCapability() else {
            return LeaseSupport(
                available: false,
                reason: "no CAP_LEASE: only files owned by uid \(CurrentProcess.userID) can be leased; uploads owned by other users wait for the settle window alone (grant AmbientCapabilities=CAP_LEASE)")
        }
        return LeaseSupport(available: true, reason: nil)
    }

    /// Whether `CAP_LEASE` (capability 28) is in this process's effective set.
    package static func hasLeaseCapability() -> Bool {
        guard let bytes = try? FileSystem.readFile("/proc/self/status", limit: 1 << 16) else { return false }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("CapEff:") {
            guard let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
            return mask & (1 << 28) != 0
        }
        return false
    }

    /// Logs the outcome once (nothing when leases are fully available).
    public func log(to logger: Logger) {
        guard let reason else { return }
        logger.log(.warning, "lease_unavailable", [
            "reason": reason,
            "message": "a file still open for writing cannot always be told; the settle window decides for those files",
        ])
    }
}
