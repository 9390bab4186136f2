/// An error that reaches the client as seed 001's envelope:
/// `{"error":{"code","message","timestamp","requestId"}}`.
///
/// Anything else thrown by a handler becomes `INTERNAL_ERROR` without its details.
public struct APIError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    /// The request field at fault, for `VALIDATION_ERROR` (`resources.memory`, `query.limit`, `Content-Type`).
    public var field: String?
    /// Headers that belong to this error, such as `Allow` or `Retry-After`.
    public var headers: [String: String]
    /// What the client needs to act on the error, such as the findings of a failed security scan.
    public var details: JSONValue?

    public init(_ code: ErrorCode, _ message: String, field: String? = nil, headers: [String: String] = [:], details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
        self.details = details
    }

    public var status: Int { code.status }

    /// A `VALIDATION_ERROR` that names the offending field in its message and in `field`.
    public static func validation(field: String, _ problem: String) -> APIError {
        APIError(.validationError, "Invalid field '\(field)': \(problem)", field: field)
    }

    public static func notFound(path: String) -> APIError {
        APIError(.notFound, "No route matches '\(path)'")
    }

    public static func methodNotAllowed(_ method: HTTPMethod, path: String, allowed: [HTTPMethod]) -> APIError {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(.methodNotAllowed, "Method \(method) is not allowed on '\(path)'; allowed: \(allow)", headers: ["Allow": allow])
    }

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(.payloadTooLarge, "Request body exceeds the limit of \(limit) bytes")
    }

    public static let internalError = APIError(.internalError, "An internal error occurred; quote the request id when reporting it")
}
