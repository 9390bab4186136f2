import Foundation

/// What a client command prints when a call fails, in one line: the code, the message, the field
/// at fault and the request id.
struct APIClientError: Error, CustomStringConvertible {
    let code: String
    let message: String
    var status: Int?
    var requestId: String?
    var field: String?

    init(code: String, message: String, status: Int? = nil, requestId: String? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
        self.field = field
    }

    /// An error answer: the API's envelope `{"error":{"code","message","requestId","field"}}`, or
    /// for another body (a proxy's page), `HTTP_<status>`.
    init(answer: APIClient.Answer) {
        let envelope = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
        let error = envelope?["error"] as? [String: Any]
        let requestId = error?["requestId"] as? String ?? answer.headers["x-request-id"]
        if let error, let code = error["code"] as? String {
            self.init(code: code, message: error["message"] as? String ?? "", status: answer.status, requestId: requestId, field: error["field"] as? String)
        } else {
            let text = String(decoding: answer.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            self.init(code: "HTTP_\(answer.status)", message: text.isEmpty ? "HTTP \(answer.status)" : text, status: answer.status, requestId: requestId)
        }
    }

    static func unreachable(_ url: URL?, _ error: Error?) -> APIClientError {
        let reason = error.map { ($0 as NSError).localizedDescription } ?? "no answer"
        return APIClientError(code: "CONNECTION_ERROR", message: "\(url?.absoluteString ?? "the server"): \(reason)")
    }

    var description: String {
        var extra: [String] = []
        if let field { extra.append("field \(field)") }
        if let requestId { extra.append("request \(requestId)") }
        return "\(code): \(message)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))")
    }
}
