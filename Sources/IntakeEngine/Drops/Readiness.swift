import IntakeCore
import IntakeSystem

/// When a drop may be claimed (spec section 4): the one check that `intake
/// run` and `intake watch` share.
///
/// A drop is ready when
/// - its size, mtime and inode have not changed for its workspace's settle
///   window, counted on a monotonic clock from when this process first saw
///   them (never from the file's own mtime, which copies may preserve), or at
///   once when a `NAME.done` marker stands beside it; and
/// - no process has it open for writing: a read lease is asked for and given
///   back at once (``LeaseResult/writerPresent`` keeps the drop waiting however
///   long it has been quiet). Where no lease can be had the settle window
///   alone decides.
///
/// The claimed file is checked again by ``HeldDrop`` while it is imported.
public struct Readiness: Sendable {
    /// What a drop looked like and since when (monotonic seconds).
    private struct Sighting: Sendable {
        package let status: FileStatus
        package let since: Double
    }

    private var sightings: [String: Sighting] = [:]
    /// Drops whose last lease test found a writer (by path, as they were
    /// then): `writer_open` in `metrics.prom` until they change, go, or are
    /// found free.
    private var heldByWriter: [String: FileStatus] = [:]
    /// Asks whether a writer holds a file (injected so tests can stand in for one).
    private let leaseTest: @Sendable (Drop) -> LeaseResult

    /// A readiness tracker; `leaseTest` tells whether a writer holds a drop
    /// (``testLease(inbox:)`` for real leases).
    public init(leaseTest: @escaping @Sendable (Drop) -> LeaseResult) {
        self.leaseTest = leaseTest
    }

    /// What one review of a scan found.
    public struct Review: Sendable {
        /// Drops that stayed unchanged for their settle window (or have a
        /// marker), in the scan's order (oldest first); ``confirm(_:)`` then
        /// tells which of them no writer holds.
        public var settled: [Drop] = []
        /// Drops still settling.
        public var waiting = 0
        /// Seconds until a settling drop should be looked at again; nil when none settles.
        public var nextCheck: Double?
    }

    /// Reviews the drops of one scan made at monotonic time `now` (seconds).
    public mutating func review(_ drops: [Drop], at now: Double, configuration: Configuration) -> Review {
        var review = Review()
        var present: [String: Sighting] = [:]
        for drop in drops {
            var sighting = Sighting(status: drop.status, since: now)
            if let earlier = sightings[drop.path], Readiness.unchanged(earlier.status, drop.status) {
                sighting = earlier
            }
            present[drop.path] = sighting
            let settle = configuration.settleSeconds(for: drop.workspace)
            let waited = now - sighting.since
            if !drop.hasMarker, waited < settle {
                review.waiting += 1
                review.nextCheck = min(review.nextCheck ?? .infinity, settle - waited)
            } else {
                review.settled.append(drop)
            }
        }
        sightings = present
        heldByWriter = heldByWriter.filter { path, status in
            present[path].map { Readiness.unchanged($0.status, status) } ?? false
        }
        return review
    }

    /// Whether the last lease test of `drop` found a process holding it open
    /// for writing (and it has not changed since): it waits for its writer.
    public func isWriterOpen(_ drop: Drop) -> Bool {
        heldByWriter[drop.path].map { Readiness.unchanged($0, drop.status) } ?? false
    }

    /// The settled drops that no process holds open for writing (tested with a
    /// read lease given back at once; a drop is never leased before it is
    /// claimed). Only the drops about to be claimed need asking: the claim
    /// leases the file again and gives it back if a writer came in between.
    /// The drops found held are remembered for ``isWriterOpen(_:)``.
    public mutating func confirm(_ settled: [Drop]) -> (ready: [Drop], beingWritten: Int) {
        var ready: [Drop] = []
        var beingWritten = 0
        for drop in settled {
            if drop.status.kind == .regular, leaseTest(drop) == .writerPresent {
                beingWritten += 1
                heldByWriter[drop.path] = drop.status
            } else {
                ready.append(drop)
                heldByWriter[drop.path] = nil
            }
        }
        return (ready, beingWritten)
    }

    /// Whether two looks at a file show the same content: size, mtime and inode.
    public static func unchanged(_ a: FileStatus, _ b: FileStatus) -> Bool {
        a.size == b.size && a.modifiedNanos == b.modifiedNanos && a.inode == b.inode
    }

    /// Real leases on drops below `inbox`: each drop's file is opened read-only
    /// relative to its folder as the scan saw it (``DropFolder``, no link
    /// followed), leased, and the lease given back at once: a drop is never
    /// leased before it is claimed.
    public static func testLease(inbox: String) -> @Sendable (Drop) -> LeaseResult {
        { drop in
            do {
                guard case .same(let folder) = try DropFolder.open(inbox: inbox, drop: drop, removingLinks: false) else {
                    return .unavailable(reason: "the drop's folder changed; the claim answers it")
                }
                return lease(try folder.openFile(drop.fileName))
            } catch {
                // Not readable or gone: the claim will say so; leases cannot tell.
                return .unavailable(reason: String(describing: error))
            }
        }
    }

    /// The same test for one file by path (no link followed in its last component).
    public static func testLease(_ path: String) -> LeaseResult {
        do {
            return lease(try FileDescriptor.openForReading(path))
        } catch {
            return .unavailable(reason: error.description)
        }
    }

    private static func lease(_ file: FileDescriptor) -> LeaseResult {
        let result = file.takeReadLease()
        if result == .held { file.releaseLease() }
        return result
    }
}
