import LaunchpadDomain
import LaunchpadHTTP
import Logging

/// AgentMetal's error body (seed 000), which seed 003's instances share: `{"error": "instance not
/// found: inst-abc123"}`, with the seed's statuses: 400 for a request that cannot be read, 401,
/// 404, 409, 422 for a value that breaks a rule, 429, 500 (and what HTTP itself refuses).
struct MessageEnvelope: Encodable, Sendable {
    var error: String

    private static let logger = Logger(label: "launchpad.http")

    /// The one place this envelope is written.
    struct Renderer: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            let status: Int
            let message: String
            var headers: [String: String] = [:]
            if let failure = error as? HTTPError {
                (status, message, headers) = (failure.status, failure.message, failure.headers)
            } else if let failure = DomainError.reported(for: error) {
                (status, message) = (MessageEnvelope.status(of: failure.code), failure.message)
                if let seconds = failure.retryAfterSeconds { headers["Retry-After"] = String(seconds) }
            } else {
                (status, message) = (500, HTTPError.internalError.message)
                MessageEnvelope.logger.error("internal error", metadata: ["requestId": "\(request.id)", "error": "\(String(reflecting: error))"])
            }
            var response = (try? Response.json(MessageEnvelope(error: message), status: status)) ?? Response(status: 500)
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response.headers.set(name, value) }
            return response
        }
    }

    static func status(of code: DomainErrorCode) -> Int {
        switch code {
        case .invalid, .rejectedByScan: 422
        case .unauthenticated: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .limitExceeded: 429
        case .storageUnavailable: 507
        case .unavailable: 503
        case .internalFailure: 500
        }
    }

    /// Runs `body`, naming a resource that is not found as these seeds do (`instance not found: agent-1`).
    static func naming<T>(_ resource: DomainResource, _ id: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as DomainError where failure.code == .notFound {
            throw DomainError.notFound(resource, "\(resource.rawValue) not found: \(id.prefix(128))")
        }
    }
}
