import IntakeCore
import IntakeEngine
import IntakeSystem

/// The read side of the API: imports (JSON:API jobs), their entries by
/// cursor, their outbox files, and Papaya's job status. A job id is checked
/// against the catalogue (and the token's workspaces) before any path is built.
struct ImportsAPI {
    let context: ServeContext
    let access: Access
    let configuration: Configuration

    /// The job `id` if the token sees it: from the catalogue, else a posted import not yet claimed.
    func visibleJob(_ id: String) throws -> JobRecord? {
        guard JobID.isValid(id) else { return nil }
        if let job = try context.withCatalogue({ try $0.job(id) }) { return access.sees(job.workspace) ? job : nil }
        for workspace in configuration.workspaces.keys.sorted() where access.sees(workspace) {
            if let pending = PendingImports(root: context.root, workspace: workspace).record(id) { return pending }
        }
        return nil
    }

    /// A job as a JSON:API resource: its result JSON without `progress`.
    static func resource(_ job: JobRecord) -> JSONValue {
        .object([("id", .string(job.jobID)), ("type", .string("import")), ("attributes", JobResult(job: job, includeProgress: false).json)])
    }

    /// `GET /api/v1/imports?workspace=&status=&since=&limit=&cursor=`, newest first.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let workspace = request.query["workspace"]
        if let workspace, !access.sees(workspace) { return .notFound("workspace \(workspace)") }
        var filter = JobFilter(workspace: workspace)
        if let text = request.query["status"] {
            guard let status = JobStatus(rawValue: text.uppercased()) else {
                return .error(400, "invalid_parameter", "Bad request", "status must be one of QUEUED, RUNNING, APPLIED, DONE, FAILED, DUPLICATE, REJECTED")
            }
            filter.status = status
        }
        if let text = request.query["since"] {
            guard let since = Timestamp(rfc3339: text) else {
                return .error(400, "invalid_parameter", "Bad request", "since must be an RFC 3339 time such as 2026-11-23T10:53:02.123Z")
            }
            filter.since = since
        }
        guard let limit = Self.limit(request) else { return Self.badLimit }
        if let cursor = request.query["cursor"] {
            guard let after = JobPosition(text: cursor) else {
                return .error(400, "invalid_parameter", "Bad request", "cursor must be the value of a links.next you were given")
            }
            filter.after = after
        }
        if !access.admin, workspace == nil { filter.workspaces = access.workspaces.sorted() }
        filter.limit = limit + 1
        let jobs = try context.withCatalogue { try $0.jobs(filter) }
        let page = Array(jobs.prefix(limit))
        var next: JSONValue = .null
        if jobs.count > limit, let last = page.last {
            var query = request.query
            query["cursor"] = JobPosition(of: last).text
            query["limit"] = String(limit)
            next = .string("/api/v1/imports?" + Self.encode(query))
        }
        return .json(200, .object([("data", .array(page.map(Self.resource))), ("links", .object([("next", next)]))]))
    }

    /// `GET /api/v1/imports/{id}`.
    func job(_ id: String) throws -> HTTPResponse {
        guard let job = try visibleJob(id) else { return .notFound("import \(id)") }
        var response = HTTPResponse.json(200, .object([("data", Self.resource(job))]))
        response.workspace = job.workspace
        return response
    }

    /// `GET /api/v1/imports/{id}/entries?status=failed&limit=&cursor=`: entries
    /// in row order after the row `cursor` names.
    func entries(_ id: String, _ request: HTTPRequest) throws -> HTTPResponse {
        guard let job = try visibleJob(id) else { return .notFound("import \(id)") }
        guard let limit = Self.limit(request) else { return Self.badLimit }
        var after = -1
        if let text = request.query["cursor"] {
            guard let row = Int(text), row >= 0 else {
                return .error(400, "invalid_parameter", "Bad request", "cursor must be the value of a links.next you were given")
            }
            after = row
        }
        let failedOnly = request.query["status"]?.lowercased() == "failed"
        let keepsExtra = ImportType(apiType: job.apiType).flatMap { $0.schema.extraField != nil ? $0 : nil }
        let (page, more) = try context.withStore(job.workspace) { store -> ([JSONValue], Bool) in
            guard let store, let sequence = try store.appliedSequence(job: id) else { return ([], false) }
            // A seek to the row after the cursor, then one more than a page (to know whether there is a next).
            let cursor = try store.entries(sequence: sequence, after: after >= 0 ? after : nil, failedOnly: failedOnly, limit: limit + 1)
            var page: [JSONValue] = []
            while let entry = try cursor.next() {
                guard entry.row > after else { continue }
                guard page.count < limit else { return (page, true) }
                var extra: String?
                if let keepsExtra, entry.status == "SUCCESS", let record = entry.recordID {
                    extra = try store.extra(type: keepsExtra, recordID: record, sequence: sequence)
                }
                page.append(.object([("id", .string("\(id)/\(entry.row)")), ("type", .string("entry")),
                                     ("attributes", entry.json(extra: extra))]))
            }
            return (page, false)
        }
        var next: JSONValue = .null
        if more, case .object(let last)? = page.last, case .string(let entryID)? = last.first?.1 {
            var query = request.query
            query["cursor"] = String(entryID.split(separator: "/").last ?? "")
            query["limit"] = String(limit)
            next = .string("/api/v1/imports/\(id)/entries?" + Self.encode(query))
        }
        var response = HTTPResponse.json(200, .object([("data", .array(page)), ("links", .object([("next", next)]))]))
        response.workspace = job.workspace
        return response
    }

    /// `GET /api/v1/imports/{id}/files/{result.json|errors.csv|rejected|report.html}`.
    func file(_ id: String, name: String) throws -> HTTPResponse {
        guard let job = try visibleJob(id) else { return .notFound("import \(id)") }
        guard let found = OutboxFile.find(job: job.jobID, name: name, in: context.root.outbox(job.workspace)) else {
            return .notFound("\(name) of import \(id) (it is written when the job ends)")
        }
        var response = HTTPResponse(status: 200, contentType: found.contentType, body: [])
        response.body = .file(path: found.path, size: found.size)
        response.headers.append(("Content-Disposition", "attachment; filename=\"\(found.fileName)\""))
        response.workspace = job.workspace
        return response
    }

    /// `GET /payments/beneficiaries/import/{job_id}`: Papaya's status, `progress` as in `result.json`.
    func papayaStatus(_ id: String) throws -> HTTPResponse {
        guard let job = try visibleJob(id) else { return .notFound("job \(id)") }
        if job.status.isFinal, let found = OutboxFile.find(job: job.jobID, name: "result.json", in: context.root.outbox(job.workspace)),
           !found.fileName.hasSuffix(".pgp") {
            var response = HTTPResponse(status: 200, contentType: "application/json", body: [])
            response.body = .file(path: found.path, size: found.size)
            response.workspace = job.workspace
            return response
        }
        var response = HTTPResponse(status: 200, contentType: "application/json",
                                    body: Array(JSONWriter.text(JobResult(job: job, includeProgress: true).json).utf8))
        response.workspace = job.workspace
        return response
    }

    /// `limit`: 1 to 1000, 100 when absent; nil when invalid.
    static func limit(_ request: HTTPRequest) -> Int? {
        guard let text = request.query["limit"] else { return 100 }
        guard let limit = Int(text), (1...1000).contains(limit) else { return nil }
        return limit
    }

    static let badLimit = HTTPResponse.error(400, "invalid_parameter", "Bad request", "limit must be a whole number from 1 to 1000")

    /// A query string, names sorted, values percent-encoded.
    static func encode(_ query: [String: String]) -> String {
        query.sorted { $0.key < $1.key }.map { "\(percent($0.key))=\(percent($0.value))" }.joined(separator: "&")
    }

    static func percent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
