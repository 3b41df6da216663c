import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake serve ROOT`: starts the server on the configured (or given)
/// address; the caller keeps the process alive and calls ``stop()``.
package final class Serve: Sendable {
    private let server: HTTPServer

    /// Starts serving `root`; throws when libmicrohttpd is missing, the TLS
    /// files do not read, or the address cannot be bound.
    package init(root: Root, configuration: Configuration, listen: ServeSettings.Address?, drivers: Drivers, logger: Logger) throws {
        let address = listen ?? configuration.serve.listen
        var settings = HTTPServer.Settings()
        settings.host = address.host
        settings.port = address.port
        settings.bodyLimit = configuration.maxFileBytes
        settings.idleSeconds = UInt32(configuration.serve.idleTimeoutSeconds)
        settings.bodySeconds = configuration.serve.bodyTimeoutSeconds
        settings.spillFolder = root.path + "/uploads/.incoming"
        if let cert = configuration.serve.tlsCert, let key = configuration.serve.tlsKey {
            do {
                settings.tlsCertPEM = String(decoding: try FileSystem.readFile(cert, limit: 1 << 20), as: UTF8.self)
                settings.tlsKeyPEM = String(decoding: try FileSystem.readFile(key, limit: 1 << 20), as: UTF8.self)
            } catch {
                throw ServeError("serve.tls_cert/tls_key: cannot read \(error); give PEM files readable by Intake's user")
            }
        }
        let context = ServeContext(root: root, configuration: configuration, drivers: drivers, logger: logger)
        let router = APIRouter(context: context)
        server = try HTTPServer(settings: settings, logger: logger) { request in router.handle(request) }
        logger.log(.info, "serve_started", [
            "listen": address.description, "tls": settings.tlsKeyPEM == nil ? "off" : "on", "catalogue": context.storageName,
        ])
    }

    /// Stops serving (connections in flight are closed).
    package func stop() { server.stop() }
}
