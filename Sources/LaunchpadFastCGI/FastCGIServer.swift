#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import CFastCGI
import LaunchpadHTTP
import Logging

/// Serves a `Responder` over FastCGI on a unix socket with a fixed pool of accept threads.
///
/// Each thread owns one `FCGX_Request` and blocks in `FCGX_Accept_r`; a kept-alive connection from
/// nginx stays with its thread between requests, so the pool must be larger than nginx's upstream
/// `keepalive` (see DESIGN.md, "Threads, not async").
///
/// A streamed answer (a `.stream` body) may last minutes, so its thread leaves the pool before the
/// answer's head is written and a new accept thread takes its place: the pool keeps its size
/// whatever the streams do. So does a route that is about to wait long for its answer (a
/// synchronous run, an agent's whole reply), through `Request.connection`. The thread that left
/// serves only its own connection from then on (later requests nginx sends on it, streams or not)
/// and ends when nginx closes that connection, so the threads beyond the pool are the long answers
/// open plus the kept-alive connections they were on. At most `maxStreamThreads` threads are out
/// of the pool at once; past it a long answer is given on its pool thread, as every answer once was.
public final class FastCGIServer: @unchecked Sendable {
    /// The stack of each accept thread, on which a request is answered from start to end. What runs
    /// there must not recurse in proportion to its input (`JSONDepth`); the fuzz target that drives
    /// the whole application runs each input on a thread of this size.
    public static let threadStackSize = 1 << 20

    public struct Configuration: Sendable {
        public var socketPath: String
        public var threads: Int
        /// Bodies declared larger than this are not read; the responder answers 413.
        public var maxBodySize: Int
        /// How long `stop` waits for requests in flight.
        public var drainTimeout: Duration
        /// The group that may connect (nginx's workers'); nil leaves this process's group.
        public var socketGroup: UInt32?
        /// Threads that may be out of the pool at once, each serving a stream or the connection one
        /// was on. The application bounds its streams itself, below this; this bounds the threads.
        public var maxStreamThreads: Int

        public init(
            socketPath: String, threads: Int = 64, maxBodySize: Int = 1 << 20, drainTimeout: Duration = .seconds(10), socketGroup: UInt32? = nil,
            maxStreamThreads: Int = 1024
        ) {
            self.socketPath = socketPath
            self.threads = threads
            self.maxBodySize = maxBodySize
            self.drainTimeout = drainTimeout
            self.socketGroup = socketGroup
            self.maxStreamThreads = maxStreamThreads
        }
    }

    public let configuration: Configuration
    private let responder: Responder
    private let logger: Logger
    private let state = ServerState()
    private var listenSocket: Int32 = -1

    public init(configuration: Configuration, responder: Responder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// Opens the socket, mode 0660 in `socketGroup`: nginx's workers may connect, and no one else but
    /// this user (agents' replicas run as users of their own, in no such group). Then starts the
    /// accept threads.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        guard FCGX_Init() == 0 else { throw FastCGIError("FCGX_Init failed") }
        unlink(configuration.socketPath)
        let socket = FCGX_OpenSocket(configuration.socketPath, 1024)
        guard socket >= 0 else { throw FastCGIError("cannot listen on \(configuration.socketPath): \(String(cString: strerror(errno)))") }
        // Until this chmod the socket has the umask's mode; without write permission no one else can
        // connect meanwhile.
        if let group = configuration.socketGroup, chown(configuration.socketPath, uid_t.max, group) != 0 {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw FastCGIError("cannot give \(configuration.socketPath) to group \(group): \(reason)")
        }
        chmod(configuration.socketPath, 0o660)
        // libfcgi opens it without close-on-exec: nginx or a replica inheriting it would keep the
        // socket accepting connections after this process is gone, so clients hang instead of
        // getting a 502.
        _ = fcntl(socket, F_SETFD, fcntl(socket, F_GETFD) | FD_CLOEXEC)
        listenSocket = socket
        for _ in 0..<configuration.threads {
            startAcceptThread()
        }
        logger.info("listening", metadata: ["socket": "\(configuration.socketPath)", "threads": "\(configuration.threads)"])
    }

    /// Stops accepting, waits for the requests in flight (up to the drain timeout), and removes the socket.
    /// Threads idle on a kept-alive connection are not waited for: they hold no request.
    public func stop() {
        guard state.beginStopping() else { return }
        if listenSocket >= 0 {
            shutdown(listenSocket, Int32(SHUT_RDWR))
        }
        state.drain(timeout: configuration.drainTimeout, logger: logger)
        unlink(configuration.socketPath)
        logger.info("stopped")
    }

    /// How many requests are being answered right now.
    public var inFlight: Int { state.inFlight }

    /// How many threads are out of the pool: serving a stream, or the connection one was on.
    public var streamThreads: Int { state.threadsOutOfPool }

    private func startAcceptThread() {
        state.startThread { [self] in acceptLoop() }
    }

    private func acceptLoop() {
        var request = FCGX_Request()
        FCGX_InitRequest(&request, listenSocket, 0)
        let connection = PoolThreadConnection(
            leavePool: { [self] in
                guard state.leavePool(limit: configuration.maxStreamThreads) else { return false }
                startAcceptThread()
                return true
            },
            longAnswerStarted: { [state] in state.streamStarted($0) })
        while !state.isStopping {
            if !connection.pooled, !awaitNextRequest(on: request.ipcFd) { break }
            let accepted = FCGX_Accept_r(&request)
            guard accepted >= 0 else {
                if state.isStopping { break }
                continue
            }
            state.requestStarted()
            connection.descriptor = request.ipcFd
            serve(&request, on: connection)
            // Before the finish, which may close the connection: a stop cuts only open streams.
            if let longAnswer = connection.requestEnded() { state.streamEnded(longAnswer) }
            FCGX_Finish_r(&request)
            state.requestFinished()
        }
        FCGX_Free(&request, 1)
        if !connection.pooled { state.outOfPoolThreadEnded() }
        state.threadStopped()
    }

    /// A thread out of the pool takes no new connection: it waits for the next request on its own
    /// (nginx keeps it alive and may send more) and ends when nginx closes it, or at a stop.
    private func awaitNextRequest(on connection: Int32) -> Bool {
        guard connection >= 0 else { return false }
        var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
        while !state.isStopping {
            let ready = poll(&poller, 1, 1000)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            guard ready > 0 else { return false }
            var byte: UInt8 = 0
            return recv(connection, &byte, 1, Int32(MSG_PEEK)) > 0
        }
        return false
    }

    /// Answers one request; a stream is a long answer from before its head is written.
    private func serve(_ fcgi: inout FCGX_Request, on connection: PoolThreadConnection) {
        let params = FastCGIParameters(environment: fcgi.envp)
        var request = params.request()
        request.connection = connection
        if let declared = request.declaredBodyLength, declared > 0, declared <= configuration.maxBodySize {
            request.body = readBody(fcgi.in, length: declared)
        }
        let response = responder.respond(to: request)
        let writer = FastCGIResponseWriter(output: LibFCGIOutput(stream: fcgi.out))
        if case .stream = response.body { connection.beginLongAnswer() }
        do {
            try writer.write(response, to: request.method)
        } catch {
            logger.debug("client went away", metadata: ["requestId": "\(request.id)"])
        }
    }

    /// Reads up to `length` bytes; fewer when the stream ends early (the middleware then answers 400).
    private func readBody(_ stream: UnsafeMutablePointer<FCGX_Stream>?, length: Int) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: length)
        var total = 0
        body.withUnsafeMutableBytes { buffer in
            while total < length {
                let base = buffer.baseAddress!.advanced(by: total).assumingMemoryBound(to: CChar.self)
                let count = FCGX_GetStr(base, Int32(min(length - total, 1 << 16)), stream)
                if count <= 0 { break }
                total += Int(count)
            }
        }
        body.removeLast(length - total)
        return body
    }
}

/// A transport failure at start-up.
public struct FastCGIError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
