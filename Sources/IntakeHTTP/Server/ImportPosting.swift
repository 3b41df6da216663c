import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// The write side of the API: a posted import becomes a drop of its
/// workspace and type, written into the inbox beside a marker that holds the
/// job id the answer gives (the claim keeps it), so it gets the same lock,
/// dedupe, reports and hook as a file. Trustpair's rule: one import at a time
/// per workspace (422 `import_in_progress`).
struct ImportPosting {
    let context: ServeContext
    let access: Access
    let configuration: Configuration

    /// The most records a Trustpair body may hold inline.
    static let inlineLimit = 1000
    /// The largest JSON body parsed in memory (1000 records of 64 KiB each); a document goes through POST /api/v1/documents.
    static let jsonBodyLimit = 64 << 20

    private static let tooLargeForJSON = HTTPResponse.error(
        413, "payload_too_large", "Payload too large",
        "a JSON body is at most \(jsonBodyLimit >> 20) MiB; post a document (POST /api/v1/documents) and import it by document_id")

    /// `POST /api/v1/imports`: `{"data": {"type", "attributes": {"workspace", "records" | "document_id"}}}`.
    func trustpair(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let body = request.bodyBytes(limit: Self.jsonBodyLimit) else { return Self.tooLargeForJSON }
        let shape = "the body must be {\"data\": {\"type\": \"trustpair/payments_import\", \"attributes\": {\"workspace\": \"acme\", \"records\": [...]}}} (or \"document_id\" instead of \"records\")"
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let data = object["data"] as? [String: Any], let attributes = data["attributes"] as? [String: Any] else {
            return Self.malformed(shape)
        }
        guard let apiType = data["type"] as? String, let type = ImportType(apiType: apiType) else {
            return Self.malformed("data.type must be one of " + ImportType.allCases.map(\.apiType).joined(separator: ", "))
        }
        guard let workspace = attributes["workspace"] as? String ?? request.query["workspace"] else {
            return Self.malformed("data.attributes.workspace names the workspace to import into")
        }
        let records = attributes["records"]
        let document = attributes["document_id"]
        guard (records == nil) != (document == nil) else {
            return Self.malformed("give exactly one of data.attributes.records and data.attributes.document_id")
        }
        if let refused = refusal(workspace: workspace, type: type) { return refused }
        if let records {
            guard let list = records as? [Any] else { return Self.malformed("data.attributes.records must be an array of records") }
            guard list.count <= Self.inlineLimit else {
                return .error(413, "too_many_records", "Payload too large",
                              "\(list.count) records sent inline; at most \(Self.inlineLimit): post a document (POST /api/v1/documents) and import it by document_id")
            }
            return try enqueue(workspace: workspace, type: type, source: .body(body))
        }
        guard let id = document as? String else { return Self.malformed("data.attributes.document_id must be the id POST /api/v1/documents gave") }
        return try enqueue(workspace: workspace, type: type, source: .document(id))
    }

    /// `POST /payments/beneficiaries/import?workspace=W` with Papaya's `{"items": [...]}`.
    func papaya(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let body = request.bodyBytes(limit: Self.jsonBodyLimit) else { return Self.tooLargeForJSON }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              object["items"] is [Any] else {
            return Self.malformed("the body must be Papaya's {\"items\": [...], \"update_payments\": false}")
        }
        guard let workspace = request.query["workspace"] else {
            return Self.malformed("name the workspace: POST /payments/beneficiaries/import?workspace=acme")
        }
        if let refused = refusal(workspace: workspace, type: .beneficiaries) { return refused }
        let response = try enqueue(workspace: workspace, type: .beneficiaries, source: .body(body))
        guard response.status == 202, let job = response.job else { return response }
        var papaya = HTTPResponse(status: 202, contentType: "application/json",
                                  body: Array(JSONWriter.text(JobResult(job: job, includeProgress: true).json).utf8))
        papaya.workspace = workspace
        return papaya
    }

    /// `POST /api/v1/documents?workspace=W&name=june.csv`: the raw body kept in `uploads/W/` until an import uses it.
    func document(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let workspace = request.query["workspace"], let name = request.query["name"] else {
            return Self.malformed("name the workspace and the document: POST /api/v1/documents?workspace=acme&name=june.csv")
        }
        guard configuration.workspaces[workspace] != nil, access.sees(workspace) else { return .notFound("workspace \(workspace)") }
        guard Uploads.isValidName(name) else {
            return Self.malformed("name must be a file name (no '/', not starting with '.' or '~', at most 200 bytes) with its extension, e.g. june.csv")
        }
        let uploads = Uploads(root: context.root, workspace: workspace)
        let (id, bytes) = try uploads.add(name: name, request: request)
        var response = HTTPResponse.json(201, .object([("data", .object([
            ("id", .string(id)), ("type", .string("document")),
            ("attributes", .object([("name", .string(name)), ("bytes", .number(String(bytes))), ("workspace", .string(workspace))])),
        ]))]))
        response.workspace = workspace
        return response
    }

    /// 404 for a workspace the token does not see (or that does not exist), 403 for a missing permission.
    private func refusal(workspace: String, type: ImportType) -> HTTPResponse? {
        guard let settings = configuration.workspaces[workspace], access.sees(workspace) else { return .notFound("workspace \(workspace)") }
        guard settings.allows(type) else {
            return .error(403, "permission_missing", "Forbidden",
                          "workspace \(workspace) lacks the permission \(type.permission) that \(type.apiType) needs; add it to its permissions in intake.json")
        }
        return nil
    }

    /// What a posted import is made of: the request's body, or a document posted before.
    private enum Source {
        case body([UInt8])
        case document(String)
    }

    /// Writes the drop under the workspace's posting lock, after Trustpair's one-import check.
    private func enqueue(workspace: String, type: ImportType, source: Source) throws -> HTTPResponse {
        let pending = PendingImports(root: context.root, workspace: workspace)
        try FileSystem.createDirectories(pending.uploads)
        let lock = try FileDescriptor.openLockFile(pending.uploads + "/.imports.lock")
        guard try lock.tryLockExclusive() else { return Self.inProgress(workspace, detail: "another import is being posted to it") }
        defer { lock.unlock() }
        let (unfinished, waiting) = try context.withCatalogue { catalogue in
            (try catalogue.unfinishedJobs(workspace: workspace), try pending.waiting(catalogue: catalogue))
        }
        if let busy = unfinished.first {
            return Self.inProgress(workspace, detail: "import \(busy.jobID) is \(busy.status.rawValue)")
        }
        if let busy = waiting.first { return Self.inProgress(workspace, detail: "import \(busy) is QUEUED") }
        let job = JobID.make(at: Timestamp.now())
        var dropName = "api-\(job).json"
        var upload: Uploads.Upload?
        if case .document(let id) = source {
            guard let found = Uploads(root: context.root, workspace: workspace).find(id) else { return .notFound("document \(id)") }
            upload = found
            dropName = found.name
        }
        if case .refused(_, let reason) = DropName.route([workspace, type.name, dropName], configuration: configuration, handlers: context.handlers) {
            return .error(reason.httpStatus, reason.code, "Not accepted", reason.message)
        }
        let folder = context.root.inbox + "/" + workspace + "/" + type.name
        try FileSystem.createDirectories(folder)
        guard !FileSystem.exists(folder + "/" + dropName) else {
            return .error(409, "name_in_use", "Conflict", "a drop named \(dropName) already waits in \(workspace)'s \(type.name) inbox; upload the document under another name")
        }
        try pending.add(job: job, type: type, name: dropName)
        // The marker first: a drop never stands in the inbox without the id it must keep.
        try BufferedFile.write(job + "\n", to: folder + "/" + dropName + ".done", mode: 0o640)
        switch source {
        case .body(let body): try Self.write(body, to: folder + "/" + dropName)
        case .document: if let upload { try FileSystem.renameNoReplace(upload.path, to: folder + "/" + dropName) }
        }
        context.logger.log(.info, "import_posted", ["workspace": workspace, "job": job, "file": dropName])
        guard let record = pending.record(job) else { return .notFound("import \(job)") }
        var response = HTTPResponse.json(202, .object([("data", ImportsAPI.resource(record))]))
        response.workspace = workspace
        response.job = record
        return response
    }

    private static func write(_ body: [UInt8], to path: String) throws {
        let file = try BufferedFile(path: path, mode: 0o640)
        try body.withUnsafeBufferPointer { try file.write($0) }
        try file.commit()
    }

    private static func malformed(_ detail: String) -> HTTPResponse { .error(400, "bad_request", "Bad request", detail) }

    private static func inProgress(_ workspace: String, detail: String) -> HTTPResponse {
        .error(422, "import_in_progress", "Import in progress",
               "workspace \(workspace) has an import not yet ended (\(detail)); wait until it ends, then post again")
    }
}
