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

    /// The one mapping from a thrown error to a response. An `APIError` is sent as it is, and so
    /// is the `APIError` an `APIErrorConvertible` error gives. Other errors become
    /// `INTERNAL_ERROR` without their details, which are logged here with the request id.
    public static func response(for error: any Error, requestId: String, at date: Date = Date()) -> Response {
        let apiError: APIError
        if let error = error as? APIError {
            apiError = error
        } else if let converted = (error as? any APIErrorConvertible)?.apiError {
            apiError = converted
            logger.warning("request failed", metadata: ["requestId": "\(requestId)", "code": "\(converted.code.rawValue)", "error": "\(error)"])
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
