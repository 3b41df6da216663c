import Foundation
import IntakeCore
import IntakeEngine
import IntakeHTTP
import IntakeSystem

/// `intake serve ROOT [--listen HOST:PORT]`: the Trustpair and Papaya APIs and
/// the review page (spec section 8), until SIGINT or SIGTERM (exit 0).
enum ServeCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["listen"], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake serve ROOT [--listen HOST:PORT]") }
        var listen: ServeSettings.Address?
        if let text = args.value("listen") {
            guard let address = ServeSettings.Address(text) else {
                throw CommandError(.usage, "--listen \(text): expected HOST:PORT with an IP address, e.g. 127.0.0.1:8080 or [::1]:8080")
            }
            listen = address
        }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        let stopped = DispatchSemaphore(value: 0)
        DaemonSignals.start { request in
            guard case .stop = request else { return true }
            stopped.signal()
            return false
        }
        let serve: Serve
        do {
            serve = try Serve(root: root, configuration: configuration, listen: listen, drivers: .standard, logger: logger)
        } catch let error as ServeError {
            throw CommandError(.cannotCreate, error.description)
        }
        stopped.wait()
        serve.stop()
        return .ok
    }
}
