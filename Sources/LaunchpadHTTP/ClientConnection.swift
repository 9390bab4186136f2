/// The transport's side of a request whose answer may take long: a route that is about to wait
/// (a synchronous run, an agent's whole reply) tells the transport so, and watches whether anyone
/// is still waiting for the answer.
///
/// Used on the request's own thread only.
public protocol ClientConnection: AnyObject, Sendable {
    /// Whether the peer has closed the connection. nginx closes its upstream connection when its
    /// client leaves before the answer, so this is the client having gone.
    var isClosed: Bool { get }

    /// The answer will take long: the transport gives the request's place in its pool of threads
    /// back (as for a stream), so that waits do not starve other requests. Calling it again, or on
    /// a transport without a pool, does nothing.
    func beginLongAnswer()
}
