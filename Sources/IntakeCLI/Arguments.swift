import IntakeCore
import IntakeEngine
import IntakeSystem

/// A command's arguments: positionals, `--flag`s and `--option value`s.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `valued` names the options that take a value.
    init(_ arguments: [String], valued: Set<String>, flags known: Set<String>) throws(CommandError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if valued.contains(name) {
                if let inline {
                    options[name, default: []].append(inline)
                } else {
                    guard index < arguments.count else { throw CommandError(.usage, "--\(name) needs a value") }
                    options[name, default: []].append(arguments[index])
                    index += 1
                }
            } else if known.contains(name), inline == nil {
                flags.insert(name)
            } else {
                throw CommandError(.usage, "unknown option --\(name)")
            }
        }
    }

    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
}
