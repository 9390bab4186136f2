/// A failure the domain reports: what went wrong, in words a caller can act on, with a stable
/// `code`. The domain says nothing of HTTP: each API dialect renders a `DomainError` in its own
/// envelope, with its own code names and statuses, in the one place it writes errors.
public struct DomainError: Error, Sendable {
    public var code: DomainErrorCode
    public var message: String
    /// The input at fault, as the caller named it (`resources.memory`, `query.limit`).
    public var field: String?
    /// What kind of thing was not found (`.agent`, `.scan`), for dialects that name it in the code.
    public var resource: DomainResource?
    /// Data the caller needs to act on the error (a blocking scan's findings); each dialect decides
    /// whether its envelope carries it.
    public var details: (any Encodable & Sendable)?
    /// Seconds after which the same request may succeed (a follower limit, say).
    public var retryAfterSeconds: Int?

    public init(
        _ code: DomainErrorCode, _ message: String, field: String? = nil, resource: DomainResource? = nil,
        details: (any Encodable & Sendable)? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.resource = resource
        self.details = details
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// An input that breaks a rule, naming it in the message and in `field`.
    public static func invalid(field: String, _ problem: String) -> DomainError {
        DomainError(.invalid, "Invalid field '\(field)': \(problem)", field: field)
    }

    /// A resource that does not exist, or that the caller may not see (the same answer, so that
    /// another user's resources cannot be found by trying).
    public static func notFound(_ resource: DomainResource, _ message: String) -> DomainError {
        DomainError(.notFound, message, resource: resource)
    }
}

extension DomainError: Equatable {
    /// Equal when they say the same thing; `details` is data for the caller, not part of the identity.
    public static func == (lhs: DomainError, rhs: DomainError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.field == rhs.field && lhs.resource == rhs.resource
            && lhs.retryAfterSeconds == rhs.retryAfterSeconds
    }
}

/// The kinds of failure the domain reports. Stable: dialects map each to their own codes.
public enum DomainErrorCode: String, Sendable, CaseIterable {
    /// An input breaks a rule; `field` names it.
    case invalid
    /// No valid credential was presented.
    case unauthenticated
    /// The caller is known but its role lacks the permission.
    case forbidden
    /// The resource does not exist, or is not the caller's.
    case notFound
    /// The resource's state does not allow the change (a name taken, an agent being deleted).
    case conflict
    /// A quota, a host capacity or a rate would be exceeded.
    case limitExceeded
    /// The security scan blocked the change; `details` has the findings.
    case rejectedByScan
    /// The data directory cannot take a write (full, read-only, failing); reads still work.
    case storageUnavailable
    /// Something the request needs is not running (the scanner not configured, say).
    case unavailable
    /// A fault of the server's own; the message is safe to show but says little.
    case internalFailure
}

/// The resources a `DomainError` can name.
public enum DomainResource: String, Sendable, CaseIterable {
    case agent, scan, key, user, session, operation, instance, pipeline, run
}

/// An error from below the domain (the store, say) that some of its values reach callers as a
/// stable `DomainError` instead of an internal failure.
public protocol DomainErrorConvertible: Error {
    /// The error to report, or nil for an internal failure whose details are only logged.
    var domainError: DomainError? { get }
}

extension DomainError {
    /// The `DomainError` a thrown error stands for: itself, or what a `DomainErrorConvertible`
    /// gives; nil for anything else (an internal failure).
    public static func reported(for error: any Error) -> DomainError? {
        if let error = error as? DomainError { return error }
        return (error as? any DomainErrorConvertible)?.domainError
    }
}
