/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, fully deterministic 64-bit
/// generator. Good enough for test fixtures; not for anything security related.
struct SplitMix64: Sendable {
    private var state: UInt64

    /// Seeds the generator; every seed (including 0) gives a distinct stream.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0), by Lemire's multiply-high reduction.
    /// The bias is at most bound / 2^64, irrelevant for fixtures.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An element of a non-empty array, uniformly.
    @inline(__always)
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// Weighted choice over `0..<weights.count` using a cumulative table.
struct WeightedIndex: Sendable {
    private let cumulative: [Int]
    private let total: Int

    /// `weights` must be non-empty with a positive sum.
    init(_ weights: [Int]) {
        var running = 0
        var table: [Int] = []
        table.reserveCapacity(weights.count)
        for weight in weights {
            running += weight
            table.append(running)
        }
        cumulative = table
        total = running
    }

    /// Draws an index; index `i` has probability weights[i] / sum(weights).
    @inline(__always)
    func draw(_ rng: inout SplitMix64) -> Int {
        let x = rng.below(total)
        var i = 0
        while cumulative[i] <= x { i += 1 }
        return i
    }
}
