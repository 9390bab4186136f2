/// The stable error codes of the API and the one place that maps each to its HTTP status.
public enum ErrorCode: String, Sendable, Codable, CaseIterable {
    case invalidAPIKey = "INVALID_API_KEY"
    case insufficientPermissions = "INSUFFICIENT_PERMISSIONS"
    case agentNotFound = "AGENT_NOT_FOUND"
    case validationError = "VALIDATION_ERROR"
    case deploymentFailed = "DEPLOYMENT_FAILED"
    case resourceLimitExceeded = "RESOURCE_LIMIT_EXCEEDED"
    case securityScanFailed = "SECURITY_SCAN_FAILED"
    case notFound = "NOT_FOUND"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case conflict = "CONFLICT"
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case requestTimeout = "REQUEST_TIMEOUT"
    case uriTooLong = "URI_TOO_LONG"
    case headersTooLarge = "HEADERS_TOO_LARGE"
    /// A Transfer-Encoding other than chunked; nginx refuses it before launchpad sees the request.
    case notImplemented = "NOT_IMPLEMENTED"
    /// An HTTP major version other than 1 in the request line; nginx refuses it likewise.
    case httpVersionNotSupported = "HTTP_VERSION_NOT_SUPPORTED"
    /// The data directory cannot take a write (full, read-only, or failing); reads still work.
    case insufficientStorage = "INSUFFICIENT_STORAGE"
    /// The responder is not reachable (restarting after a crash); nginx answers this itself.
    case serviceUnavailable = "SERVICE_UNAVAILABLE"
    case internalError = "INTERNAL_ERROR"

    /// The HTTP status that carries this code.
    public var status: Int {
        switch self {
        case .invalidAPIKey: 401
        case .insufficientPermissions: 403
        case .agentNotFound, .notFound: 404
        case .validationError: 400
        case .deploymentFailed, .internalError: 500
        case .resourceLimitExceeded: 429
        case .securityScanFailed: 422
        case .methodNotAllowed: 405
        case .conflict: 409
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .requestTimeout: 408
        case .uriTooLong: 414
        case .headersTooLarge: 431
        case .notImplemented: 501
        case .httpVersionNotSupported: 505
        case .insufficientStorage: 507
        case .serviceUnavailable: 503
        }
    }
}
