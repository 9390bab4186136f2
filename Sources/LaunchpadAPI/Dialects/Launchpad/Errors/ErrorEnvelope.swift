import Foundation
import LaunchpadDomain
import LaunchpadHTTP
import Logging

/// Seed 001's error body: `{"error":{"code","message","timestamp","requestId"}}`, plus `field` for
/// validation errors and `details` where the error carries data (a failed scan's findings).
struct ErrorEnvelope: Codable, Sendable, Equatable {
    struct Body: Codable, Sendable, Equatable {
        var code: String
        let message: String
        var field: String?
        var timestamp: Date
        var requestId: String
        var details: JSONValue?
    }

    var error: Body

    private static let logger = Logger(label: "launchpad.http")

    /// Renders errors in this envelope: the one place seed 001's errors are written, for its route
    /// group and for `/metrics`.
    struct Renderer: ErrorRenderer {
        func response(for error: any Error, to request: Request) -> Response {
            ErrorEnvelope.response(for: error, requestId: request.id)
        }
    }

    /// What is sent for a thrown error: a `DomainError` (or what the store's error stands for)
    /// and an `HTTPError` by their codes; anything else as `INTERNAL_ERROR` without its details,
    /// which are logged here with the request id.
    static func response(for error: any Error, requestId: String, at date: Date = Date()) -> Response {
        let code: LaunchpadErrorCode
        let message: String
        var field: String?
        var headers: [String: String] = [:]
        var details: JSONValue?
        if let failure = error as? HTTPError {
            (code, message, field, headers) = (LaunchpadErrorCode(failure.kind), failure.message, failure.field, failure.headers)
        } else if let failure = DomainError.reported(for: error) {
            (code, message, field) = (LaunchpadErrorCode(failure), failure.message, failure.field)
            details = failure.details.flatMap { try? JSONValue(encoding: $0) }
            if let seconds = failure.retryAfterSeconds { headers["Retry-After"] = String(seconds) }
            if !(error is DomainError) {
                logger.warning("request failed", metadata: ["requestId": "\(requestId)", "code": "\(code.rawValue)", "error": "\(error)"])
            }
        } else {
            (code, message) = (.internalError, HTTPError.internalError.message)
            logger.error("internal error", metadata: ["requestId": "\(requestId)", "error": "\(String(reflecting: error))"])
        }
        let envelope = ErrorEnvelope(error: Body(
            code: code.rawValue, message: message, field: field, timestamp: date, requestId: requestId, details: details))
        var responseHeaders = HTTPHeaders()
        responseHeaders.add("Content-Type", "application/json")
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            responseHeaders.add(name, value)
        }
        // Encoding strings, a date and a JSON value cannot fail.
        let body = (try? JSON.encode(envelope)) ?? Array(#"{"error":{"code":"INTERNAL_ERROR"}}"#.utf8)
        return Response(status: code.status, headers: responseHeaders, body: .bytes(body))
    }
}
