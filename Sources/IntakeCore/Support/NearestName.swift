/// The known name closest to a mistyped one (edit distance), for messages
/// such as "unknown key; did you mean `permissions`?".
package enum NearestName {
    /// The name of `known` nearest to `name`, when it is near enough to be a
    /// likely typo (at most a third of the longer name's characters differ,
    /// and never more than 4); nil otherwise.
    package static func find(_ name: String, among known: [String]) -> String? {
        let lowered = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let longer = max(lowered.count, best.name.count)
        return best.distance <= min(4, max(1, longer / 3)) ? best.name : nil
    }

    /// "; did you mean `x`?" or "; known: a, b, c" — the end of a message about `name`.
    package static func hint(_ name: String, among known: [String], quote: String = "`") -> String {
        if let near = find(name, among: known) { return "; did you mean \(quote)\(near)\(quote)?" }
        return known.isEmpty ? "" : "; known: " + known.joined(separator: ", ")
    }

    /// Levenshtein distance (insertions, deletions, substitutions; a swap of two
    /// neighbours counts as one).
    package static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
