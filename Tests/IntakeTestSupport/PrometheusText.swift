/// The rules of Prometheus's text exposition format (version 0.0.4) that
/// `promtool check metrics` applies, checked in the tests (Debian's promtool
/// comes only with the whole `prometheus` server package, ~96 MB with a
/// service it starts, so the tests carry the rules instead).
package enum PrometheusText {
    package static let types: Set<Substring> = ["counter", "gauge", "histogram", "summary", "untyped"]

    package static func isMetricName<S: StringProtocol>(_ name: S) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    package static func isLabelName<S: StringProtocol>(_ name: S) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return !name.hasPrefix("__") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Every rule the text breaks, one message each; empty when it is valid.
    package static func problems(_ text: String) -> [String] {
        var problems: [String] = []
        guard text.hasSuffix("\n") else { return ["the text does not end with a line break"] }
        var typed: [String: Substring] = [:]
        var helped = Set<String>()
        var finished = Set<String>()
        var current: String?
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let at = "line \(number + 1)"
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3)
                guard parts.count >= 3, parts[1] == "HELP" || parts[1] == "TYPE" else { continue }
                let name = String(parts[2])
                guard isMetricName(name) else { problems.append("\(at): bad metric name \(name)"); continue }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, types.contains(parts[3]) else { problems.append("\(at): bad TYPE for \(name)"); continue }
                    if typed[name] != nil { problems.append("\(at): second TYPE for \(name)") }
                    if finished.contains(name) || current == name { problems.append("\(at): TYPE of \(name) after its samples") }
                    typed[name] = parts[3]
                    if parts[3] == "counter", !name.hasSuffix("_total") { problems.append("\(at): counter \(name) does not end in _total") }
                    if parts[3] != "counter", name.hasSuffix("_total") { problems.append("\(at): \(name) ends in _total but is typed \(parts[3])") }
                } else {
                    if !helped.insert(name).inserted { problems.append("\(at): second HELP for \(name)") }
                    if parts.count < 4 { problems.append("\(at): empty HELP for \(name)") }
                }
                continue
            }
            var rest = Substring(line)
            let name = String(rest.prefix { $0 != "{" && $0 != " " })
            rest = rest.dropFirst(name.count)
            guard isMetricName(name) else { problems.append("\(at): bad metric name in \(line)"); continue }
            if current != name {
                if let current { finished.insert(current) }
                if finished.contains(name) { problems.append("\(at): samples of \(name) are not together") }
                current = name
            }
            if typed[name] == nil { problems.append("\(at): \(name) has no TYPE line before it") }
            if rest.first == "{" {
                rest = rest.dropFirst()
                var labels = Set<Substring>()
                while rest.first != "}" {
                    let label = rest.prefix { $0 != "=" }
                    guard isLabelName(label), labels.insert(label).inserted else {
                        problems.append("\(at): bad or repeated label name \(label)")
                        break
                    }
                    rest = rest.dropFirst(label.count)
                    guard rest.hasPrefix("=\"") else { problems.append("\(at): label \(label) needs =\"value\""); break }
                    rest = rest.dropFirst(2)
                    var closed = false
                    while let character = rest.first {
                        rest = rest.dropFirst()
                        if character == "\\" {
                            guard let escaped = rest.first, "\\\"n".contains(escaped) else {
                                problems.append("\(at): bad escape in label \(label)")
                                break
                            }
                            rest = rest.dropFirst()
                        } else if character == "\"" {
                            closed = true
                            break
                        } else if character == "\n" {
                            break
                        }
                    }
                    guard closed else { problems.append("\(at): label \(label)'s value is not closed"); break }
                    if rest.first == "," { rest = rest.dropFirst() }
                }
                rest = rest.dropFirst()
            }
            let fields = rest.split(separator: " ")
            guard rest.first == " ", (1...2).contains(fields.count),
                  Double(fields[0]) != nil || ["NaN", "+Inf", "-Inf"].contains(fields[0])
            else {
                problems.append("\(at): bad value in \(line)")
                continue
            }
        }
        return problems
    }
}
