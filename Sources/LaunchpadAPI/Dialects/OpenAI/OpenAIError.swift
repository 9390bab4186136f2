import LaunchpadDomain
import LaunchpadHTTP
import Logging

/// OpenAI's error envelope: `{"error":{"message","type","param","code"}}`, with OpenAI's types
/// (`invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`,
/// `rate_limit_error`, `server_error`) and codes (`invalid_api_key`, `model_not_found`,
/// `rate_limit_exceeded`, ...). The one place it is written, a stream's error chunk included.
struct OpenAIError: Encodable, Sendable {
    struct Body: Encodable, Sendable {
        var message: String
        var type: String
        var param: String?
        var code: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code }
    }

    var error: Body

    private static let logger = Logger(label: "launchpad.openai")

    struct Renderer: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            let (status, envelope, headers) = OpenAIError.describe(error, requestId: request.id)
            var response = (try? Response.json(envelope, status: status)) ?? Response(status: 500)
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response.headers.set(name, value) }
            return response
        }
    }

    static func describe(_ error: any Error, requestId: String) -> (status: Int, envelope: OpenAIError, headers: [String: String]) {
        if let failure = error as? HTTPError {
            let (type, code): (String, String?) = switch failure.kind {
            case .unauthorized: ("authentication_error", "invalid_api_key")
            case .notFound: ("not_found_error", "unknown_url")
            case .tooManyRequests: ("rate_limit_error", "rate_limit_exceeded")
            case .internalError, .serviceUnavailable: ("server_error", nil)
            default: ("invalid_request_error", nil)
            }
            return (failure.status, OpenAIError(error: Body(message: failure.message, type: type, param: failure.field, code: code)), failure.headers)
        }
        if let failure = DomainError.reported(for: error) {
            let (status, type, code): (Int, String, String?) = switch failure.code {
            case .invalid: (400, "invalid_request_error", "invalid_value")
            case .unauthenticated: (401, "authentication_error", "invalid_api_key")
            case .forbidden: (403, "permission_error", "insufficient_permissions")
            case .notFound: (404, "invalid_request_error", failure.resource == .agent ? "model_not_found" : "not_found")
            case .conflict: (409, "invalid_request_error", "conflict")
            case .limitExceeded: (429, "rate_limit_error", "rate_limit_exceeded")
            case .rejectedByScan: (422, "invalid_request_error", "rejected_by_scan")
            case .storageUnavailable: (507, "server_error", "storage_unavailable")
            case .unavailable: (503, "server_error", "model_unavailable")
            case .internalFailure: (500, "server_error", nil)
            }
            var headers: [String: String] = [:]
            if let seconds = failure.retryAfterSeconds { headers["Retry-After"] = String(seconds) }
            let param = failure.field ?? (failure.resource == .agent ? "model" : nil)
            return (status, OpenAIError(error: Body(message: failure.message, type: type, param: param, code: code)), headers)
        }
        logger.error("internal error", metadata: ["requestId": "\(requestId)", "error": "\(String(reflecting: error))"])
        return (500, OpenAIError(error: Body(message: HTTPError.internalError.message, type: "server_error", param: nil, code: nil)), [:])
    }
}
