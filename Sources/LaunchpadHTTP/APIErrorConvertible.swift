/// An error from below the HTTP layer (the store, say) that some of its values reach the client
/// as a stable `APIError` instead of `INTERNAL_ERROR`. `ErrorEnvelope` asks it.
public protocol APIErrorConvertible: Error {
    /// The error to send, or nil to send `INTERNAL_ERROR` and log the details.
    var apiError: APIError? { get }
}

extension APIError {
    /// The `APIError` a thrown error reaches the client as: an `APIError` itself, or the one an
    /// `APIErrorConvertible` error gives; nil when it is sent as `INTERNAL_ERROR`.
    ///
    /// The one mapping from an error to what is sent: the envelope is made from it, and the status
    /// that the access log and the metrics record comes from it.
    public static func sent(for error: any Error) -> APIError? {
        if let error = error as? APIError { return error }
        return (error as? any APIErrorConvertible)?.apiError
    }
}
