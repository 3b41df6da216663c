import IntakeCore
import IntakeSystem
/// The document's shape: a top-level array, Trustpair's `data.attributes.records` or
/// Papaya's `items`, decided from the keys as they come (in any order), and the two
/// envelope values kept (`data.type`, `update_payments`).
extension JSONScanner {
    static let acceptedShapes =
        "the JSON must be an array of records, a Trustpair body"
        + " {\"data\":{\"type\":…,\"attributes\":{\"records\":[…]}}}"
        + " or a Papaya body {\"items\":[…],\"update_payments\":…}"

    /// Opens an array or object at `i` in `context`.
    func open(object: Bool, context: Context, at i: Int) throws(JSONError) {
        switch context {
        case .top:
            if object {
                try push(.topObject, prefix: 0, at: i)
            } else {
                shape = .array
                try push(.recordList, prefix: 0, at: i)
            }
        case .recordRoot:
            beginRecord(at: i, isObject: object)
            try push(object ? .recordObject : .skipArray, prefix: 0, at: i)
        case .member:
            if object {
                path.append(0x2E)  // .
                try push(.recordObject, prefix: path.count, at: i)
            } else {
                try addField(.array, keyEnd: path.count, valueStart: 0, valueEnd: 0)
                try push(.skipArray, prefix: 0, at: i)
            }
        case .data where object:
            try push(.dataObject, prefix: 0, at: i)
        case .attributes where object:
            try push(.attributesObject, prefix: 0, at: i)
        case .recordList where !object:
            try push(.recordList, prefix: 0, at: i)
        default:
            try checkEnvelopeScalar(context, found: object ? "an object" : "an array", at: i)
            try push(object ? .skipObject : .skipArray, prefix: 0, at: i)
        }
    }

    /// Fails when a value of the wrong type stands where the envelope needs a certain
    /// one; returns for values that are simply skipped.
    func checkEnvelopeScalar(_ context: Context, found: String, at i: Int) throws(JSONError) {
        let problem: String
        switch context {
        case .top:
            problem = Self.acceptedShapes + "; found \(found) at the top level"
        case .data:
            problem = "`data` must be an object, found \(found)"
        case .attributes:
            problem = "`data.attributes` must be an object, found \(found)"
        case .recordList:
            let name = shape == .papayaBody ? "`items`" : "`data.attributes.records`"
            problem = "\(name) must be an array of records, found \(found)"
        case .keepType:
            problem = "`data.type` must be a string, found \(found)"
        case .keepUpdate:
            let text = "`update_payments` must be true or false, found \(found)"
            if shape == nil {  // not known yet: a Trustpair body would not care
                pendingUpdateProblem = text
                return
            }
            problem = text
        default:
            return
        }
        throw JSONError(.shape(problem), line: line, column: column(i))
    }

    /// The context of the value after the envelope key just read.
    func keyContext() throws(JSONError) -> Context {
        let role = roles[depth - 1]
        switch role {
        case .recordObject: return .member
        case .topObject, .dataObject, .attributesObject: break
        default: return .skip
        }
        if envelopeKeyOverflow { return .skip }
        let key = envelopeKey.slice(0, envelopeKey.count)
        switch role {
        case .topObject:
            if key.elementsEqual("data".utf8) {
                try decide(.trustpairBody, name: "data", seen: &seenData)
                return .data
            }
            if key.elementsEqual("items".utf8) {
                try decide(.papayaBody, name: "items", seen: &seenItems)
                if let pendingUpdateProblem { throw shapeError(pendingUpdateProblem) }
                return .recordList
            }
            if key.elementsEqual("update_payments".utf8) && shape != .trustpairBody {
                try once("update_payments", seen: &seenUpdate)
                return .keepUpdate
            }
        case .dataObject:
            if key.elementsEqual("type".utf8) {
                try once("data.type", seen: &seenType)
                return .keepType
            }
            if key.elementsEqual("attributes".utf8) {
                try once("data.attributes", seen: &seenAttributes)
                return .attributes
            }
        default:
            if key.elementsEqual("records".utf8) {
                try once("data.attributes.records", seen: &seenRecords)
                return .recordList
            }
        }
        return .skip
    }

    private func decide(
        _ bodyShape: JSONDocumentShape, name: String, seen: inout Bool
    ) throws(JSONError) {
        try once(name, seen: &seen)
        if let shape, shape != bodyShape {
            throw shapeError(
                "the body has both `data` (Trustpair) and `items` (Papaya); "
                    + Self.acceptedShapes)
        }
        shape = bodyShape
    }

    private func once(_ name: String, seen: inout Bool) throws(JSONError) {
        if seen { throw shapeError("`\(name)` appears twice; keep one") }
        seen = true
    }

    func shapeError(_ text: String) -> JSONError {
        JSONError(.shape(text), line: line)
    }

    /// The top-level object closed (its `}` is at `i`).
    func finishTopObject(at i: Int) throws(JSONError) {
        guard shape != nil else {
            throw JSONError(
                .shape(Self.acceptedShapes + "; found an object without `data` or `items`"),
                line: line, column: column(i))
        }
        if shape == .trustpairBody && !seenRecords {
            throw JSONError(
                .shape("`data.attributes.records` is missing; " + Self.acceptedShapes),
                line: line, column: column(i))
        }
    }

    /// The `data` object closed (its `}` is at `i`).
    func finishDataObject(at i: Int) throws(JSONError) {
        guard seenRecords else {
            throw JSONError(
                .shape("`data.attributes.records` is missing; " + Self.acceptedShapes),
                line: line, column: column(i))
        }
    }

    /// Fails when the kept `data.type` grew past its limit.
    func checkEnvelopeValueLength() throws(JSONError) {
        if envelopeValue.count > maxEnvelopeValueBytes {
            throw shapeError("`data.type` is longer than \(maxEnvelopeValueBytes) bytes")
        }
    }
}
