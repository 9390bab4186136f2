import ArgumentParser
import Foundation

/// How `serve` and `up` serve FastCGI (`--transport`).
enum Transport: String, ExpressibleByArgument, CaseIterable {
    /// `EventLoopServer`: a few threads share one epoll set over every connection.
    case eventLoop = "event-loop"
    /// `FastCGIServer`: libfcgi, a blocking accept thread per connection.
    case threadPerConnection = "thread-per-connection"

    /// `--threads` when it is not given: the loop, two per core and at least 4 (a loop thread
    /// that is preempted, or waits on a rare commit such as a key's last use, leaves its core to
    /// the other); a thread per connection, one per kept-alive connection and more.
    var defaultThreads: Int {
        switch self {
        case .eventLoop: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        case .threadPerConnection: 64
        }
    }
}
