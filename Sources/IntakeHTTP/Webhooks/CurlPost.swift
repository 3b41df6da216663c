import CCurl
import Foundation
import IntakeCore

/// One HTTP POST on libcurl, as a webhook attempt needs it: TLS verified
/// (against `ca_file` or the system's CAs), no redirects followed, HTTP and
/// HTTPS only, the whole attempt bounded by its timeout, the answer's body
/// read to at most 64 KiB and discarded.
package struct CurlPost: Sendable {
    package var url: String
    package var body: [UInt8]
    /// `Name: value` lines.
    package var headers: [String]
    package var timeoutSeconds: Double
    package var caFile: String?

    package init(url: String, body: [UInt8], headers: [String], timeoutSeconds: Double, caFile: String?) {
        self.url = url
        self.body = body
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.caFile = caFile
    }

    /// What came back: an HTTP status (and `Retry-After`), or why none did.
    package struct Answer: Sendable {
        package var status: Int?
        package var retryAfter: String?
        package var error: String?
    }

    /// The most of an answer's body read before the connection is dropped.
    package static let bodyLimit = 64 << 10

    /// libcurl's global set-up, once, before any handle (it is not thread-safe itself).
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Makes the attempt (blocking, at most `timeoutSeconds`).
    package func send() -> Answer {
        guard CurlPost.initialised, let handle = curl_easy_init() else {
            return Answer(error: "libcurl could not be initialised")
        }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers + ["Expect:"] { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let reading = AnswerReader()
        let context = Unmanaged.passUnretained(reading).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let milliseconds = Int(max(1, min(timeoutSeconds, 86_400)) * 1000)
        let code: CURLcode = body.withUnsafeBytes { bodyBytes in
            errorBuffer.withUnsafeMutableBufferPointer { errors in
                _ = intake_curl_set_string(handle, CURLOPT_URL, url)
                _ = intake_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
                _ = intake_curl_set_long(handle, CURLOPT_POST, 1)
                _ = intake_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress))
                _ = intake_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, bodyBytes.count)
                _ = intake_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
                _ = intake_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
                _ = intake_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
                _ = intake_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
                _ = intake_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
                _ = intake_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
                _ = intake_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
                if let caFile { _ = intake_curl_set_string(handle, CURLOPT_CAINFO, caFile) }
                _ = intake_curl_set_string(handle, CURLOPT_USERAGENT, "intake/" + IntakeVersion.current)
                _ = intake_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errors.baseAddress))
                _ = intake_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, { _, size, count, context in
                    guard let context else { return 0 }
                    let reader = Unmanaged<AnswerReader>.fromOpaque(context).takeUnretainedValue()
                    reader.bodyBytes += size * count
                    return reader.bodyBytes > CurlPost.bodyLimit ? 0 : size * count
                })
                _ = intake_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
                _ = intake_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, { data, size, count, context in
                    guard let context, let data else { return 0 }
                    let reader = Unmanaged<AnswerReader>.fromOpaque(context).takeUnretainedValue()
                    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                    if line.lowercased().hasPrefix("retry-after:") {
                        reader.retryAfter = String(line.dropFirst("retry-after:".count)).trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                    return size * count
                })
                _ = intake_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
                return curl_easy_perform(handle)
            }
        }
        var status = 0
        _ = intake_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        // An answer whose body passed the limit still counts by its status.
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && status > 0) {
            return Answer(status: status, retryAfter: reading.retryAfter)
        }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let summary = String(cString: curl_easy_strerror(code))
        return Answer(error: detail.isEmpty ? summary : "\(summary): \(detail)")
    }
}

/// What the callbacks collect while an answer arrives (one attempt's thread only).
private final class AnswerReader {
    var bodyBytes = 0
    var retryAfter: String?
}
