/// A FastCGI server of a `Responder` on a unix socket, as `launchpad serve` starts and stops it:
/// `EventLoopServer` (the default) or `FastCGIServer` (a blocking thread per connection).
public protocol FastCGITransport: AnyObject, Sendable {
    var configuration: FastCGIServer.Configuration { get }
    /// Opens the socket and starts serving.
    func start() throws
    /// Stops accepting, waits for the requests in flight (up to the drain timeout), cuts the long
    /// answers still open, and removes the socket.
    func stop()
    /// How many requests are being answered right now.
    var inFlight: Int { get }
    /// How many threads are out of the serving threads, each giving a long answer (a stream, a
    /// wait) or, with `FastCGIServer`, serving the connection one was on.
    var streamThreads: Int { get }
}

extension FastCGIServer: FastCGITransport {}
extension EventLoopServer: FastCGITransport {}
