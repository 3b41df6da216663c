import IntakeCore
import IntakeSystem

/// Where a drop's name sends it (spec section 4).
public enum DropRoute: Equatable, Sendable {
    /// An importable drop for a configured workspace.
    case accepted(workspace: String, type: ImportType, format: DocumentFormat)
    /// Refused by its name; `workspace` is nil when the drop names no configured
    /// workspace (it goes to `_unrouted`).
    case refused(workspace: String?, reason: Refusal)
}

/// Why a drop was refused without being read.
public struct Refusal: Equatable, Sendable {
    /// Stable code (`misnamed`, `unknown_workspace`, `unknown_type`, `unsupported_format`, `permission_denied`, `not_a_regular_file`, `hard_linked`, `too_deep`, `unreadable_folder`).
    public let code: String
    /// What is wrong and how to name the file instead.
    public let message: String
    /// The API's HTTP status for it (400, 403, 404, 415).
    public let httpStatus: Int

    /// How drops are named, with the extensions `handlers` read.
    public static func expectedNames(_ handlers: DocumentHandlers) -> String {
        "name drops inbox/WORKSPACE/TYPE/NAME.EXT or inbox/WORKSPACE__TYPE__NAME.EXT, with TYPE one of "
            + ImportType.allCases.map(\.name).joined(separator: ", ") + " and EXT " + handlers.extensionList
    }
}

/// Parses drop paths relative to the inbox.
public enum DropName {
    /// Routes a drop at `components` below `inbox/` (1 component: the shared
    /// folder; 3: `WORKSPACE/TYPE/NAME`; 4 to 6: `WORKSPACE/TYPE/FOLDER…/NAME`,
    /// deeper: `too_deep`; 2: a file directly in a workspace folder).
    public static func route(_ components: [String], configuration: Configuration, handlers: DocumentHandlers) -> DropRoute {
        // Names from the file system never hold these; a caller's string might.
        if components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("/") || $0.contains("\0") }) {
            return .refused(workspace: nil, reason: Refusal(
                code: "misnamed", message: "a drop's path has no empty, \".\" or \"..\" parts, slashes or NUL characters; \(Refusal.expectedNames(handlers))",
                httpStatus: 400))
        }
        switch components.count {
        case 1:
            let name = components[0]
            let parts = name.components(separatedBy: "__")
            guard parts.count >= 3 else {
                return .refused(workspace: nil, reason: Refusal(
                    code: "misnamed", message: "\"\(name)\" does not say its workspace and type; \(Refusal.expectedNames(handlers))",
                    httpStatus: 400))
            }
            return route(workspace: parts[0], typeName: parts[1], fileName: name, configuration: configuration, handlers: handlers)
        case 3...(3 + deepestFolders):
            return route(workspace: components[0], typeName: components[1], fileName: components[components.count - 1],
                         configuration: configuration, handlers: handlers)
        case (4 + deepestFolders)...:
            // Too deep to be taken: answered, never left waiting (spec section 4).
            let named = route(workspace: components[0], typeName: components[1], fileName: components[components.count - 1],
                              configuration: configuration, handlers: handlers)
            guard let workspace = named.workspace else { return named }
            return .refused(workspace: workspace, reason: tooDeep(components))
        default:
            let workspace = components.first.flatMap { configuration.workspaces[$0] != nil ? $0 : nil }
            return .refused(workspace: workspace, reason: Refusal(
                code: "misnamed",
                message: "\"\(components.joined(separator: "/"))\" is not in a type folder; \(Refusal.expectedNames(handlers))",
                httpStatus: 400))
        }
    }

    /// Folders a drop may be in below its type folder (`payments/a/b/c/june.csv`
    /// is the deepest taken); a file deeper is answered `too_deep`.
    public static let deepestFolders = 3

    /// Folders the inbox scan walks below a type folder to answer files too deep
    /// to be taken; a folder deeper still is answered as a whole (`too_deep`).
    public static let deepestScanned = 8

    /// The refusal of a file, or a folder, too deep below its type folder.
    package static func tooDeep(_ components: [String]) -> Refusal {
        let below = components.dropFirst(2)
        return Refusal(
            code: "too_deep",
            message: "\"\(below.joined(separator: "/").prefix(512))\" is \(below.count - 1) folders below the type folder \(components[1]); "
                + "Intake takes files at most \(deepestFolders) folders deep (\(components[1])/a/b/c/NAME.EXT): move it up and drop it again",
            httpStatus: 400)
    }

    public static func route(
        workspace: String, typeName: String, fileName: String, configuration: Configuration, handlers: DocumentHandlers
    ) -> DropRoute {
        guard let grants = configuration.workspaces[workspace] else {
            return .refused(workspace: nil, reason: Refusal(
                code: "unknown_workspace",
                message: "no workspace \"\(workspace.prefix(64))\" is configured; ask for it to be added to intake.json, or fix the name",
                httpStatus: 404))
        }
        guard let type = ImportType(rawValue: typeName) else {
            return .refused(workspace: workspace, reason: Refusal(
                code: "unknown_type", message: "\"\(typeName.prefix(64))\" is not an import type; \(Refusal.expectedNames(handlers))",
                httpStatus: 400))
        }
        // The document's own extension, after any layers (`csv` of `june.csv.gz.pgp`).
        let (ext, layers) = handlers.split(fileName)
        if fileName.contains("."), let message = handlers.refusal(forExtension: ext) {
            return .refused(workspace: workspace, reason: Refusal(code: "unsupported_format", message: message, httpStatus: 415))
        }
        guard fileName.contains("."), let format = handlers.format(forExtension: ext), handlers.formats(for: type).contains(format) else {
            let accepted = handlers.formats(for: type).map(\.rawValue).joined(separator: ", ")
            return .refused(workspace: workspace, reason: Refusal(
                code: "unsupported_format",
                message: "\(type.name) accepts \(accepted) files, not \".\(ext.prefix(16))\"; export in one of those formats",
                httpStatus: 415))
        }
        guard grants.allows(type) else {
            return .refused(workspace: workspace, reason: Refusal(
                code: "permission_denied",
                message: "workspace \(workspace) lacks the permission \(type.permission) needed for \(type.name) imports; ask for it to be granted in intake.json",
                httpStatus: 403))
        }
        if grants.openPGP.requireEncryption && !layers.contains(where: \.encrypts) {
            return .refused(workspace: workspace, reason: Refusal(
                code: "encryption_required",
                message: "workspace \(workspace) takes only OpenPGP-encrypted documents; encrypt the file to Intake's key (gpg --encrypt, see docs/sftp.md) and drop NAME.\(ext).pgp",
                httpStatus: 403))
        }
        return .accepted(workspace: workspace, type: type, format: format)
    }

    /// Names that are still being written, or are not drops: dot files, `~`
    /// files, upload temp names, and `.done` markers.
    public static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasPrefix("~") { return true }
        let lower = name.lowercased()
        for suffix in [".part", ".partial", ".filepart", ".tmp", ".writing", ".done"] where lower.hasSuffix(suffix) {
            return true
        }
        return false
    }

    /// True for upload temp names (for the "stuck upload" metric).
    public static func isPartialUpload(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".part", ".partial", ".filepart", ".tmp", ".writing"].contains { lower.hasSuffix($0) }
    }
}
