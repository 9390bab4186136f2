import LaunchpadDomain
import LaunchpadHTTP

/// Seed 001's stable error codes, and the one place that maps each to its HTTP status and each
/// domain or HTTP failure to a code.
enum LaunchpadErrorCode: String, Sendable, Codable, CaseIterable {
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
    case notImplemented = "NOT_IMPLEMENTED"
    case httpVersionNotSupported = "HTTP_VERSION_NOT_SUPPORTED"
    case insufficientStorage = "INSUFFICIENT_STORAGE"
    /// The responder is not reachable (restarting after a crash); nginx answers this itself.
    case serviceUnavailable = "SERVICE_UNAVAILABLE"
    case internalError = "INTERNAL_ERROR"

    /// The HTTP status that carries this code.
    var status: Int {
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

    init(_ error: DomainError) {
        switch error.code {
        case .invalid: self = .validationError
        case .unauthenticated: self = .invalidAPIKey
        case .forbidden: self = .insufficientPermissions
        case .notFound: self = error.resource == .agent ? .agentNotFound : .notFound
        case .conflict: self = .conflict
        case .limitExceeded: self = .resourceLimitExceeded
        case .rejectedByScan: self = .securityScanFailed
        case .storageUnavailable: self = .insufficientStorage
        case .unavailable: self = .serviceUnavailable
        case .internalFailure: self = .internalError
        }
    }

    init(_ kind: HTTPError.Kind) {
        switch kind {
        case .badRequest: self = .validationError
        case .unauthorized: self = .invalidAPIKey
        case .notFound: self = .notFound
        case .methodNotAllowed: self = .methodNotAllowed
        case .requestTimeout: self = .requestTimeout
        case .payloadTooLarge: self = .payloadTooLarge
        case .uriTooLong: self = .uriTooLong
        case .unsupportedMediaType: self = .unsupportedMediaType
        case .tooManyRequests: self = .resourceLimitExceeded
        case .headersTooLarge: self = .headersTooLarge
        case .internalError: self = .internalError
        case .notImplemented: self = .notImplemented
        case .serviceUnavailable: self = .serviceUnavailable
        case .httpVersionNotSupported: self = .httpVersionNotSupported
        }
    }
}
