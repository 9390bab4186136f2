/// A failure of HTTP itself, found before or around a route: a path no route has, a method it does
/// not take, a body too large, a query that cannot be read. Every dialect renders it in its own
/// envelope; `kind` gives the status.
public struct HTTPError: Error, Sendable, Equatable {
    public var kind: Kind
    public var message: String
    /// The part of the request at fault (`query.limit`, `Content-Type`, `body`).
    public var field: String?
    /// Headers that belong to this error, such as `Allow` or `Retry-After`.
    public var headers: [String: String]

    public init(_ kind: Kind, _ message: String, field: String? = nil, headers: [String: String] = [:]) {
        self.kind = kind
        self.message = message
        self.field = field
        self.headers = headers
    }

    public var status: Int { kind.status }

    /// What went wrong, by the status it is sent with.
    public enum Kind: String, Sendable, CaseIterable {
        /// The request cannot be read as sent: a broken escape, a body that is not the JSON asked for.
        case badRequest
        /// No valid credential (a route group's own authentication, such as the metrics token).
        case unauthorized
        case notFound
        case methodNotAllowed
        case requestTimeout
        case payloadTooLarge
        case uriTooLong
        case unsupportedMediaType
        case tooManyRequests
        case headersTooLarge
        case internalError
        /// A Transfer-Encoding other than chunked; nginx refuses it before launchpad sees the request.
        case notImplemented
        /// The responder is not reachable (restarting after a crash); nginx answers this itself.
        case serviceUnavailable
        /// An HTTP major version other than 1; nginx refuses it likewise.
        case httpVersionNotSupported

        public var status: Int {
            switch self {
            case .badRequest: 400
            case .unauthorized: 401
            case .notFound: 404
            case .methodNotAllowed: 405
            case .requestTimeout: 408
            case .payloadTooLarge: 413
            case .uriTooLong: 414
            case .unsupportedMediaType: 415
            case .tooManyRequests: 429
            case .headersTooLarge: 431
            case .internalError: 500
            case .notImplemented: 501
            case .serviceUnavailable: 503
            case .httpVersionNotSupported: 505
            }
        }
    }

    /// A part of the request that cannot be read, naming it in the message and in `field`.
    public static func validation(field: String, _ problem: String) -> HTTPError {
        HTTPError(.badRequest, "Invalid field '\(field)': \(problem)", field: field)
    }

    public static func notFound(path: String) -> HTTPError {
        HTTPError(.notFound, "No route matches '\(path)'")
    }

    public static func methodNotAllowed(_ method: HTTPMethod, path: String, allowed: [HTTPMethod]) -> HTTPError {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPError(.methodNotAllowed, "Method \(method) is not allowed on '\(path)'; allowed: \(allow)", headers: ["Allow": allow])
    }

    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(.payloadTooLarge, "Request body exceeds the limit of \(limit) bytes")
    }

    public static let internalError = HTTPError(.internalError, "An internal error occurred; quote the request id when reporting it")
}
