import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// The `intake` command line (spec section 7): parses the subcommand and runs it.
public enum IntakeCommand {
    static let usage = """
        usage: intake init ROOT [--workspace ID ...] [--database URL]
               intake --version
               intake check ROOT [--offline]
               intake run ROOT
               intake watch ROOT
               intake import ROOT --workspace W --type T FILE
               intake status ROOT [JOB] [--workspace W] [--state S] [--since T] [--limit N] [--with-failed-rows] [--json]
               intake status ROOT --inbox [--workspace W] [--json]
               intake entries ROOT JOB [--failed] [--limit N] [--json]
               intake validate [ROOT --workspace W] --type T FILE [--json] [--outbox DIR]
               intake types [TYPE] [--json | --markdown]
               intake types TYPE --template [--format csv|json]
               intake retry ROOT JOB [--force] [--dry-run]
               intake erase ROOT --workspace W [--dry-run]
               intake purge ROOT --older-than DAYS [--dry-run]
               intake verify ROOT [--content] [--json]
               intake migrate ROOT --to postgresql://...
               intake serve ROOT [--listen HOST:PORT]
               intake token ROOT (--workspace W | --admin)
               intake keys ROOT (--generate NAME | --import FILE | --list | --export-public)
               intake webhooks ROOT [--state pending|delivered|dead] [--limit N] [--json]
               intake webhooks ROOT --redeliver DELIVERY_ID
        types: \(ImportType.allCases.map(\.name).joined(separator: ", "))
        """

    /// Runs `arguments` (without the program name); returns the exit code.
    public static func main(_ arguments: [String], console: Console = .standard, logger: Logger = Logger()) -> Int32 {
        guard let command = arguments.first else {
            console.error(usage)
            return ExitCode.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "init": return try InitCommand.run(rest, console: console).rawValue
            case "migrate": return try MigrateCommand.run(rest, console: console).rawValue
            case "run": return try RunCommand.run(rest, console: console, logger: logger).rawValue
            case "watch": return try WatchCommand.run(rest, console: console, logger: logger).rawValue
            case "import": return try ImportCommand.run(rest, console: console, logger: logger).rawValue
            case "status": return try StatusCommand.run(rest, console: console).rawValue
            case "entries": return try EntriesCommand.run(rest, console: console).rawValue
            case "validate": return try ValidateCommand.run(rest, console: console).rawValue
            case "types": return try TypesCommand.run(rest, console: console).rawValue
            case "retry": return try RetryCommand.run(rest, console: console, logger: logger).rawValue
            case "erase": return try EraseCommand.run(rest, console: console).rawValue
            case "purge": return try PurgeCommand.run(rest, console: console).rawValue
            case "verify": return try VerifyCommand.run(rest, console: console).rawValue
            case "check": return try CheckCommand.run(rest, console: console).rawValue
            case "serve": return try ServeCommand.run(rest, console: console, logger: logger).rawValue
            case "token": return try TokenCommand.run(rest, console: console).rawValue
            case "keys": return try KeysCommand.run(rest, console: console).rawValue
            case "webhooks": return try WebhooksCommand.run(rest, console: console).rawValue
            case "--version", "version":
                console.print("intake \(IntakeVersion.current)")
                return ExitCode.ok.rawValue
            case "help", "--help", "-h":
                console.print(usage)
                return ExitCode.ok.rawValue
            default:
                throw CommandError(.usage, "unknown command \"\(command)\"\n\(usage)")
            }
        } catch let error as CommandError {
            console.error("intake \(command): \(error.message)")
            return error.exit.rawValue
        } catch let error as ConfigurationError {
            console.error("intake \(command): \(error)")
            return ExitCode.usage.rawValue
        } catch let error as RootError {
            console.error("intake \(command): \(error)")
            return ExitCode.cannotCreate.rawValue
        } catch {
            console.error("intake \(command): \(error)")
            return ExitCode.ioError.rawValue
        }
    }

    /// A root and its storage, which must already exist (the read and
    /// housekeeping commands). The storage is the configuration's database
    /// when one is set (or `INTAKE_DATABASE_URL`), else the root's
    /// `index.sqlite`, which must exist: these commands create nothing.
    static func existingRoot(_ path: String) throws -> (Root, any Storage) {
        let root = Root(path)
        var configuration: Configuration?
        if FileSystem.exists(root.configuration) {
            // A configuration that does not read is an error, never a reason to fall back on the root's
            // SQLite files: a typo in a root configured for PostgreSQL would show stale data.
            configuration = try Configuration.load(path: root.configuration)
        }
        if let configuration, configuration.database != nil { return (root, configuration.storage(for: root)) }
        if configuration == nil, let url = ProcessInfo.processInfo.environment[Configuration.databaseVariable], !url.isEmpty {
            var fromEnvironment = Configuration()
            fromEnvironment.database = url
            return (root, fromEnvironment.storage(for: root))
        }
        guard FileSystem.exists(root.catalogue) else {
            if FileSystem.exists(root.migratedSQLite) {
                throw CommandError(.noInput, "\(root.catalogue) was moved to \(root.migratedSQLite)/ by intake migrate; name the database in \(root.configuration) (\"database\") or set \(Configuration.databaseVariable)")
            }
            throw CommandError(.noInput, "\(root.catalogue) does not exist; is \(root.path) an Intake root?")
        }
        return (root, (configuration ?? Configuration()).storage(for: root))
    }

    /// `text` left-aligned in a column of `width` (at least one space after it).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// Loads the root's configuration and checks the root's folders.
    static func openRoot(_ path: String) throws -> (Root, Configuration) {
        let root = Root(path)
        guard FileSystem.exists(root.configuration) else {
            throw CommandError(.noInput, "\(root.configuration) does not exist; create the root with `intake init \(path) --workspace ID`")
        }
        let configuration = try Configuration.load(path: root.configuration)
        if configuration.database == nil && FileSystem.exists(root.migratedSQLite) {
            throw CommandError(.usage, "\(root.path) was moved to PostgreSQL by intake migrate (its SQLite files are in \(root.migratedSQLite)/): put \"database\" in \(root.configuration) or set \(Configuration.databaseVariable)")
        }
        guard (try? FileStatus.of(root.inbox))?.kind == .directory else {
            throw CommandError(.noInput, "\(root.inbox) is missing or not a folder; is the inbox mounted?")
        }
        try root.checkOneFilesystem(embedded: configuration.database == nil)
        // Reports never go out plain when a workspace asked for them encrypted: its key must be there first.
        if let problem = Drivers.standard.reportKeyProblems(configuration: configuration, root: root).first {
            throw CommandError(.usage, "\(root.configuration): \(problem)")
        }
        // The claim on the root `intake migrate` refuses to run beside (held until exit).
        if configuration.database == nil, try !FileSystem.lockFolderForProcessLifetime(root.locks, exclusive: false) {
            throw CommandError(.busy, "intake migrate is moving \(root.path) to PostgreSQL; once it has, put \"database\" in \(root.configuration) and start again")
        }
        return (root, configuration)
    }
}
