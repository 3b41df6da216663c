import Foundation

extension Issue {
    /// Issues back from the JSON stored in `entries.issues`.
    package static func decodeEntries(_ json: String?) -> [Issue] {
        guard let json, let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            return []
        }
        return array.map { item in
            Issue(item["code"] as? String ?? "", field: item["field"] as? String ?? "",
                  description: item["description"] as? String ?? "", value: item["value"] as? String,
                  severity: (item["severity"] as? String) == "warning" ? .warning : .error,
                  property: item["property"] as? String)
        }
    }
}
