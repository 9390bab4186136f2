/// An error from below the HTTP layer (the store, say) that some of its values reach the client
/// as a stable `APIError` instead of `INTERNAL_ERROR`. `ErrorEnvelope` asks it.
public protocol APIErrorConvertible: Error {
    /// The error to send, or nil to send `INTERNAL_ERROR` and log the details.
    var apiError: APIError? { get }
}
