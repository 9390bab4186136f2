import LaunchpadDomain
import LaunchpadHTTP
import Logging

/// AgentSpec's error envelope (seed 004): `{"error":{"code","message"}}` with lower-case codes
/// (`invalid_request`, `unauthorized`, `not_found`, `rate_limited`, `internal_error`). This is the
/// one place it is written: for the `/v1` group, `/healthz`, and a stream's `error` event.
struct AgentSpecError: Encodable, Sendable {
    struct Body: Encodable, Sendable {
        var code: String
        var message: String
    }

    var error: Body

    private static let logger = Logger(label: "launchpad.agentspec")

    struct Renderer: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            AgentSpecError.response(for: error, requestId: request.id)
        }
    }

    /// The status, the envelope and the headers for `error`.
    static func response(for error: any Error, requestId: String) -> Response {
        let (status, envelope, headers) = describe(error, requestId: requestId)
        var response = (try? Response.json(envelope, status: status)) ?? Response(status: 500)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response.headers.set(name, value) }
        return response
    }

    static func describe(_ error: any Error, requestId: String) -> (status: Int, envelope: AgentSpecError, headers: [String: String]) {
        if let failure = error as? HTTPError {
            let code = switch failure.kind {
            case .unauthorized: "unauthorized"
            case .notFound: "not_found"
            case .tooManyRequests: "rate_limited"
            case .internalError, .serviceUnavailable: "internal_error"
            default: "invalid_request"
            }
            return (failure.status, AgentSpecError(error: Body(code: code, message: failure.message)), failure.headers)
        }
        if let failure = DomainError.reported(for: error) {
            let (status, code): (Int, String) = switch failure.code {
            case .invalid: (400, "invalid_request")
            case .unauthenticated: (401, "unauthorized")
            case .forbidden: (403, "unauthorized")
            case .notFound: (404, "not_found")
            case .conflict: (409, "invalid_request")
            case .limitExceeded: (429, "rate_limited")
            case .rejectedByScan: (422, "invalid_request")
            case .storageUnavailable: (507, "internal_error")
            case .unavailable: (503, "internal_error")
            case .internalFailure: (500, "internal_error")
            }
            var headers: [String: String] = [:]
            if let seconds = failure.retryAfterSeconds { headers["Retry-After"] = String(seconds) }
            return (status, AgentSpecError(error: Body(code: code, message: failure.message)), headers)
        }
        logger.error("internal error", metadata: ["requestId": "\(requestId)", "error": "\(String(reflecting: error))"])
        return (500, AgentSpecError(error: Body(code: "internal_error", message: HTTPError.internalError.message)), [:])
    }
}
