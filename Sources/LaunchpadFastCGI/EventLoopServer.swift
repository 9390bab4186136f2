#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import CFastCGI
import LaunchpadHTTP
import Logging

/// Serves a `Responder` over FastCGI on a unix socket with a few threads sharing one epoll set over
/// all of nginx's connections, instead of a blocking thread per connection: a thread that has
/// answered a request takes the next connection that is ready without sleeping, so under load one
/// wake-up answers many requests, on warm caches.
///
/// Each connection is armed one-shot: one thread at a time reads it, answers what it holds, and
/// arms it again. A long answer (a stream, or a route that calls `beginLongAnswer()`) keeps its
/// thread, which leaves the loop once the answer is done; a new loop thread takes its place at
/// once, as `FastCGIServer`'s pool does.
public final class EventLoopServer: @unchecked Sendable {
    public let configuration: FastCGIServer.Configuration
    private let responder: Responder
    private let logger: Logger
    private let state = ServerState()
    private var listenSocket: Int32 = -1
    private var epoll: Int32 = -1
    /// Where the requests that may wait on a commit are answered: any method but GET, HEAD and
    /// OPTIONS. As many at once as there are streams and waits allowed, plus the reads' threads.
    private let blocking: ElasticThreads
    /// How many threads wait on the epoll set (`configuration.threads`).
    private var loopThreads: Int { max(1, configuration.threads) }

    public init(configuration: FastCGIServer.Configuration, responder: Responder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        blocking = ElasticThreads(name: "fcgi-blocking", limit: configuration.maxStreamThreads + 64, idleLimit: 64)
    }

    /// Opens the socket, mode 0660 in `socketGroup` (as `FastCGIServer.start()`), and starts the
    /// loop threads.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        unlink(configuration.socketPath)
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw FastCGIError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(configuration.socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { throw FastCGIError("socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(socket, 1024) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw FastCGIError("cannot listen on \(configuration.socketPath): \(reason)")
        }
        if let group = configuration.socketGroup, chown(configuration.socketPath, uid_t.max, group) != 0 {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw FastCGIError("cannot give \(configuration.socketPath) to group \(group): \(reason)")
        }
        chmod(configuration.socketPath, 0o660)
        listenSocket = socket
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw FastCGIError("epoll_create1: \(String(cString: strerror(errno)))") }
        arm(listenSocket, data: 0, add: true)
        for _ in 0..<loopThreads { startLoopThread() }
        logger.info("listening", metadata: ["socket": "\(configuration.socketPath)", "threads": "\(loopThreads)", "transport": "epoll"])
    }

    /// Stops accepting, waits for the requests in flight (up to the drain timeout), cuts the long
    /// answers still open, and removes the socket. The loop threads end within a second.
    public func stop() {
        guard state.beginStopping() else { return }
        if listenSocket >= 0 { shutdown(listenSocket, Int32(SHUT_RDWR)) }
        state.drain(timeout: configuration.drainTimeout, logger: logger)
        blocking.stop()
        unlink(configuration.socketPath)
        logger.info("stopped")
    }

    /// How many requests are being answered right now.
    public var inFlight: Int { state.inFlight }

    /// How many threads left the loop for a long answer and have not ended yet.
    public var streamThreads: Int { state.threadsOutOfPool }

    // MARK: The loop

    private func startLoopThread() {
        state.startThread { [self] in loop() }
    }

    private func loop() {
        var event = epoll_event()
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        var leaving = false
        while !state.isStopping, !leaving {
            let ready = epoll_wait(epoll, &event, 1, 1000)
            guard ready > 0 else { continue }
            if event.data.u64 == 0 {
                acceptAll()
                continue
            }
            let connection = Unmanaged<EventLoopConnection>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(event.data.u64))!).takeUnretainedValue()
            leaving = serve(connection, scratch: &scratch)
        }
        state.threadStopped()
    }

    private func acceptAll() {
        while true {
            let fd = accept(listenSocket, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let connection = EventLoopConnection(descriptor: fd, server: self)
            arm(fd, data: UInt64(UInt(bitPattern: Unmanaged.passRetained(connection).toOpaque())), add: true)
        }
        if !state.isStopping { arm(listenSocket, data: 0, add: false) }
    }

    private func arm(_ fd: Int32, data: UInt64, add: Bool) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLONESHOT.rawValue | EPOLLRDHUP.rawValue
        event.data.u64 = data
        _ = epoll_ctl(epoll, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event)
    }

    /// Reads what the connection holds and answers each whole request in it: a read on this
    /// thread, anything else (which may wait for a durable commit) on `blocking`, which then takes
    /// the connection on. Returns whether this thread gave a long answer and so leaves the loop
    /// (its replacement already runs).
    private func serve(_ connection: EventLoopConnection, scratch: inout [UInt8]) -> Bool {
        let open = connection.readAvailable(into: &scratch)
        var leaving = false
        var handedOff = false
        while open || connection.hasBufferedRecord {
            guard let step = connection.nextRequest(maxBodySize: configuration.maxBodySize) else { break }
            guard case .request(let parameters, let body) = step else {
                connection.broken = true
                break
            }
            var request = parameters.request()
            request.connection = connection
            if let declared = request.declaredBodyLength, declared > 0, declared <= configuration.maxBodySize { request.body = body }
            state.requestStarted()
            if !Self.answersOnTheLoop(request.method) {
                // Commits wait for the disk, and a commit takes whoever waits with it: these wait
                // together on threads of their own, not on the loop's few.
                blocking.submit { [self, request] in
                    _ = answer(request, on: connection, onLoop: false)
                    finish(connection, open: open)
                }
                handedOff = true
                break
            }
            leaving = answer(request, on: connection, onLoop: true) || leaving
            if connection.broken || !connection.keepConnection { break }
        }
        if !handedOff { finish(connection, open: open) }
        if leaving { state.outOfPoolThreadEnded() }
        return leaving
    }

    /// Reads, which never wait on a commit: answered on the loop's threads.
    private static func answersOnTheLoop(_ method: HTTPMethod) -> Bool {
        method == .get || method == .head || method == .options
    }

    /// Answers one request on `connection` and ends it; returns whether the thread left the loop
    /// for a long answer (only a loop thread does).
    private func answer(_ request: Request, on connection: EventLoopConnection, onLoop: Bool) -> Bool {
        connection.servingOnLoop = onLoop
        let response = responder.respond(to: request)
        let writer = FastCGIResponseWriter(output: connection.output)
        if case .stream = response.body { connection.beginLongAnswer() }
        do {
            try writer.write(response, to: request.method)
            try connection.endRequest()
        } catch {
            logger.debug("client went away", metadata: ["requestId": "\(request.id)"])
            connection.broken = true
        }
        var leftLoop = false
        if let longAnswer = connection.longAnswerEnded() {
            state.streamEnded(longAnswer.descriptor)
            leftLoop = longAnswer.leftPool
        }
        state.requestFinished()
        return leftLoop
    }

    /// Hands the connection back to the loop, or closes it.
    private func finish(_ connection: EventLoopConnection, open: Bool) {
        if !open || connection.broken || (!connection.keepConnection && connection.answeredOne) {
            drop(connection)
        } else {
            arm(connection.descriptor, data: UInt64(UInt(bitPattern: Unmanaged.passUnretained(connection).toOpaque())), add: false)
        }
    }

    private func drop(_ connection: EventLoopConnection) {
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, connection.descriptor, nil)
        Glibc.close(connection.descriptor)
        Unmanaged.passUnretained(connection).release()
    }

    /// A long answer begins on the calling thread: a loop thread's place is taken by a new loop
    /// thread at once, unless `maxStreamThreads` threads are out already (a blocking thread is
    /// its own already).
    fileprivate func beginLongAnswer(_ descriptor: Int32, onLoop: Bool) -> Bool {
        state.streamStarted(descriptor)
        guard onLoop, state.leavePool(limit: configuration.maxStreamThreads) else { return false }
        startLoopThread()
        return true
    }
}

/// One connection from nginx: its unread bytes, the request being assembled, and its output.
final class EventLoopConnection: ClientConnection, @unchecked Sendable {
    enum Step {
        case request(FastCGIParameters, body: [UInt8])
        /// A record launchpad does not serve (another role, multiplexing): the connection closes.
        case refused
    }

    let descriptor: Int32
    private unowned let server: EventLoopServer
    private var input: [UInt8] = []
    private var start = 0
    private(set) var requestId: UInt16 = 0
    private(set) var keepConnection = false
    private(set) var answeredOne = false
    var broken = false
    /// Whether the request being answered runs on a loop thread (else on a blocking one).
    var servingOnLoop = true
    private var parameters: [UInt8] = []
    private var body: [UInt8] = []
    private var parametersDone = false
    private var longAnswer: (descriptor: Int32, leftPool: Bool)?
    /// The stdout bytes not yet framed and sent.
    fileprivate var pending: [UInt8] = []

    init(descriptor: Int32, server: EventLoopServer) {
        self.descriptor = descriptor
        self.server = server
    }

    var output: EventLoopOutput { EventLoopOutput(connection: self) }

    // MARK: ClientConnection

    var isClosed: Bool { peerHasClosed(descriptor) }

    func beginLongAnswer() {
        guard longAnswer == nil else { return }
        longAnswer = (descriptor, server.beginLongAnswer(descriptor, onLoop: servingOnLoop))
    }

    fileprivate func longAnswerEnded() -> (descriptor: Int32, leftPool: Bool)? {
        defer { longAnswer = nil }
        return longAnswer
    }

    // MARK: Reading

    /// Reads every byte ready; false once nginx has closed the connection (or it failed).
    func readAvailable(into scratch: inout [UInt8]) -> Bool {
        while true {
            let count = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if start > 0, start == input.count {
                    input.removeAll(keepingCapacity: true)
                    start = 0
                }
                input.append(contentsOf: scratch[0..<count])
                if count < scratch.count { return true }
                continue
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK
        }
    }

    var hasBufferedRecord: Bool { input.count - start >= 8 }

    /// Consumes records until a whole request has arrived (its parameters and its stdin's end).
    func nextRequest(maxBodySize: Int) -> Step? {
        while input.count - start >= 8 {
            let type = input[start + 1]
            let id = UInt16(input[start + 2]) << 8 | UInt16(input[start + 3])
            let length = Int(input[start + 4]) << 8 | Int(input[start + 5])
            let padding = Int(input[start + 6])
            guard input.count - start >= 8 + length + padding else { return nil }
            let content = start + 8..<start + 8 + length
            start += 8 + length + padding
            switch type {
            case 1:  // BEGIN_REQUEST
                guard length >= 3, input[content.lowerBound] == 0, input[content.lowerBound + 1] == 1 else { return .refused }
                requestId = id
                keepConnection = input[content.lowerBound + 2] & 1 != 0
                parameters.removeAll(keepingCapacity: true)
                body.removeAll(keepingCapacity: true)
                parametersDone = false
            case 4 where id == requestId:  // PARAMS
                if length == 0 { parametersDone = true } else { parameters.append(contentsOf: input[content]) }
            case 5 where id == requestId:  // STDIN
                if length > 0 {
                    if body.count + length <= maxBodySize { body.append(contentsOf: input[content]) }
                } else if parametersDone {
                    answeredOne = true
                    var decoded = FastCGIParameters()
                    decodePairs(into: &decoded)
                    return .request(decoded, body: body)
                }
            case 2:  // ABORT_REQUEST
                return .refused
            default:
                continue
            }
        }
        return nil
    }

    private func decodePairs(into decoded: inout FastCGIParameters) {
        parameters.withUnsafeBytes { bytes in
            var offset = 0
            func length() -> Int? {
                guard offset < bytes.count else { return nil }
                if bytes[offset] >> 7 == 0 {
                    offset += 1
                    return Int(bytes[offset - 1])
                }
                guard offset + 4 <= bytes.count else { return nil }
                let value = (Int(bytes[offset]) & 0x7f) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                offset += 4
                return value
            }
            while let nameLength = length(), let valueLength = length(), offset + nameLength + valueLength <= bytes.count {
                let name = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + nameLength])
                let value = UnsafeRawBufferPointer(rebasing: bytes[offset + nameLength..<offset + nameLength + valueLength])
                decoded.add(name: name, value: value)
                offset += nameLength + valueLength
            }
        }
    }

    // MARK: Writing

    /// Frames the pending stdout bytes as records and sends them.
    fileprivate func sendPending(ending: Bool) throws {
        var out: [UInt8] = []
        out.reserveCapacity(pending.count + 8 * (pending.count / 65535 + 3) + 16)
        var offset = 0
        while offset < pending.count {
            let count = min(65535, pending.count - offset)
            appendHeader(&out, type: 6, length: count)
            out.append(contentsOf: pending[offset..<offset + count])
            offset += count
        }
        pending.removeAll(keepingCapacity: true)
        if ending {
            appendHeader(&out, type: 6, length: 0)
            appendHeader(&out, type: 3, length: 8)
            out.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        }
        try sendAll(out)
    }

    func endRequest() throws {
        try sendPending(ending: true)
    }

    private func appendHeader(_ out: inout [UInt8], type: UInt8, length: Int) {
        out.append(contentsOf: [1, type, UInt8(requestId >> 8), UInt8(requestId & 0xff), UInt8(length >> 8), UInt8(length & 0xff), 0, 0])
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        var sent = 0
        try bytes.withUnsafeBytes { buffer in
            while sent < buffer.count {
                let count = send(descriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if count > 0 {
                    sent += count
                    continue
                }
                if count < 0, errno == EINTR { continue }
                guard count < 0, errno == EAGAIN || errno == EWOULDBLOCK else { throw ClientGone() }
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                guard poll(&poller, 1, 60_000) > 0, poller.revents & Int16(POLLOUT) != 0 else { throw ClientGone() }
            }
        }
    }
}

/// The stdout of the request being answered on an `EventLoopConnection`.
struct EventLoopOutput: FastCGIOutput {
    let connection: EventLoopConnection

    func put(_ bytes: UnsafeRawBufferPointer) throws {
        connection.pending.append(contentsOf: bytes)
    }

    func flush() throws {
        try connection.sendPending(ending: false)
    }
}
