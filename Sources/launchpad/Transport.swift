import ArgumentParser

/// How `serve` and `up` serve FastCGI (`--transport`).
enum Transport: String, ExpressibleByArgument, CaseIterable {
    /// `EventLoopServer`: a few threads share one epoll set over every connection.
    case eventLoop = "event-loop"
    /// `FastCGIServer`: libfcgi, a blocking accept thread per connection.
    case threadPerConnection = "thread-per-connection"

    /// `--threads` when it is not given: a loop needs a thread or two per core; a thread per
    /// connection needs one per kept-alive connection and more.
    var defaultThreads: Int {
        switch self {
        case .eventLoop: 4
        case .threadPerConnection: 64
        }
    }
}
