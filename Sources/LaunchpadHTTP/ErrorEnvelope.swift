import Foundation
import Logging

/// Seed 001's error body: `{"error":{"code","message","timestamp","requestId"}}`, plus `field` for validation errors
/// and `details` where the error carries data (a failed scan's findings).
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var field: String?
        public var timestamp: Date
        public var requestId: String
        public var details: JSONValue?
    }

    public var error: Body

    private static let logger = Logger(label: "launchpad.http")

    /// Renders errors in this envelope, for a route group.
    public struct Renderer: ErrorRenderer {
        public init() {}

        public func response(for error: any Error, to request: Request) -> Response {
            ErrorEnvelope.response(for: error, requestId: request.id)
        }
    }

    /// The response to a thrown error: the `APIError` that `APIError.sent(for:)` gives, sent as it
    /// is. Other errors become `INTERNAL_ERROR` without their details, which are logged here with
    /// the request id.
    public static func response(for error: any Error, requestId: String, at date: Date = Date()) -> Response {
        let apiError: APIError
        if let sent = APIError.sent(for: error) {
            apiError = sent
            if !(error is APIError) {
                logger.warning("request failed", metadata: ["requestId": "\(requestId)", "code": "\(sent.code.rawValue)", "error": "\(error)"])
            }
        } else {
            apiError = .internalError
            logger.error("internal error", metadata: ["requestId": "\(requestId)", "error": "\(String(reflecting: error))"])
        }
        let envelope = ErrorEnvelope(error: Body(
            code: apiError.code.rawValue, message: apiError.message, field: apiError.field,
            timestamp: date, requestId: requestId, details: apiError.details))
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        for (name, value) in apiError.headers.sorted(by: { $0.key < $1.key }) {
            headers.add(name, value)
        }
        // Encoding strings, a date and a JSON value cannot fail.
        let body = (try? JSON.encode(envelope)) ?? Array(#"{"error":{"code":"INTERNAL_ERROR"}}"#.utf8)
        return Response(status: apiError.status, headers: headers, body: .bytes(body))
    }
}
