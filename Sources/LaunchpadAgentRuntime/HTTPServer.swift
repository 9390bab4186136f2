#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A small HTTP/1.1 server on one IPv4 address (127.0.0.1 unless told): one accept thread, and one thread per connection, which
/// reads one request, answers it and closes (`Connection: close`).
///
/// A connection gets `readTimeout` to send its request, and at most `maxConnections` are served at
/// once; past that a new one is answered 503 at once. The agent's traffic is health probes and the
/// odd message, so threads are simpler than an event loop and cost nothing that matters.
final class HTTPServer: @unchecked Sendable {
    /// Answers one request. Called on the connection's thread.
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    static let maxConnections = 1024
    /// How long a client has to send its request.
    static let readTimeoutMilliseconds = 5_000

    /// The port listened on (the one asked for, or the kernel's choice when that was 0).
    let port: Int

    private let listener: Int32
    private let handler: Handler
    /// Paths whose request bodies the handler reads as they arrive (`HTTPRequest.bodyStream`).
    private let streamedPaths: Set<String>
    private let lock = NSLock()
    // Guarded by `lock`.
    private var stopping = false
    private var connections = 0
    private let acceptLoopExited = DispatchSemaphore(value: 0)

    /// Binds `address`:`port` and listens; `start()` begins accepting.
    init(
        address listenAddress: in_addr = in_addr(s_addr: in_addr_t(INADDR_LOOPBACK).bigEndian), port: Int, streamedPaths: Set<String> = [],
        handler: @escaping Handler
    ) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw HTTPServerError(operation: "socket", address: listenAddress, port: port, code: errno)
        }
        var enable: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = listenAddress
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // A backlog as deep as the system allows: launchpad may open hundreds of streams to one
        // replica at once, and a connection the backlog drops waits a second for its SYN's resend,
        // as long as launchpad's connect timeout (with 128, 256 streams at once lost a few).
        guard bound == 0, listen(descriptor, SOMAXCONN) == 0 else {
            let error = HTTPServerError(operation: bound == 0 ? "listen" : "bind", address: listenAddress, port: port, code: errno)
            close(descriptor)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.listener = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.handler = handler
        self.streamedPaths = streamedPaths
    }

    /// Starts the accept thread.
    func start() {
        Thread.detachNewThread { [self] in
            acceptLoop()
        }
    }

    /// Stops accepting and closes the listening socket, waiting up to a second for the accept
    /// thread. Connections in flight are left to finish; the process exits around them.
    func stop() {
        lock.withLock { stopping = true }
        // Wakes the blocked accept(2); close(2) alone would not.
        shutdown(listener, Int32(SHUT_RDWR))
        _ = acceptLoopExited.wait(timeout: .now() + 1)
    }

    private func acceptLoop() {
        defer {
            close(listener)
            acceptLoopExited.signal()
        }
        while true {
            let connection = accept(listener, nil, nil)
            if lock.withLock({ stopping }) {
                if connection >= 0 { close(connection) }
                return
            }
            guard connection >= 0 else {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    usleep(10_000)  // out of descriptors or memory: let connections finish
                    continue
                default:
                    return
                }
            }
            let admitted = lock.withLock {
                guard connections < Self.maxConnections else { return false }
                connections += 1
                return true
            }
            guard admitted else {
                SocketIO.sendAll(connection, HTTPResponse.error(503, "too many connections").serialized())
                close(connection)
                continue
            }
            Thread.detachNewThread { [self] in
                serve(connection)
                lock.withLock { connections -= 1 }
            }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        SocketIO.setReceiveTimeout(connection, milliseconds: Self.readTimeoutMilliseconds)
        let response: HTTPResponse
        switch HTTPRequestReader(descriptor: connection, streamedPaths: streamedPaths).read() {
        case .request(let request):
            response = handler(request)
        case .rejected(let rejection):
            response = rejection
        case .closed:
            return
        }
        guard SocketIO.sendAll(connection, response.serialized()) else { return }
        response.stream?.produce { SocketIO.sendAll(connection, $0) }
        // Closing with unread input would reset the connection and could lose the response; so
        // half-close, and read until the client closes (briefly, and not forever).
        shutdown(connection, Int32(SHUT_WR))
        SocketIO.setReceiveTimeout(connection, milliseconds: 1_000)
        var discarded: [UInt8] = []
        while discarded.count < 1 << 20, SocketIO.receive(connection, into: &discarded) == .data {}
    }
}
