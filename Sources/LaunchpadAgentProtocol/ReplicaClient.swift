import Foundation
import LaunchpadDomain

/// Calls a replica's `POST /invoke` over plain HTTP on its loopback address (or over TLS through
/// its gateway, when it has one: a cluster's API server's pod proxy), one connection per call,
/// with a deadline on every wait. Closing the connection is how a call is cancelled: the
/// replica's next write fails and it stops.
public struct ReplicaClient: Sendable {
    public struct Timeouts: Sendable, Equatable {
        /// To connect: a replica that takes longer has gone.
        public var connectMilliseconds: Int
        /// For a whole reply, or for a stream's first event.
        public var replySeconds: Double
        /// Between two events of a stream.
        public var idleSeconds: Double
        /// For a whole stream: a replica that streams forever is cut off.
        public var streamSeconds: Double
        /// The most bytes a reply or a stream may carry.
        public var maxReplyBytes: Int

        public init(connectMilliseconds: Int = 1_000, replySeconds: Double = 60, idleSeconds: Double = 30, streamSeconds: Double = 600, maxReplyBytes: Int = 4 << 20) {
            self.connectMilliseconds = connectMilliseconds
            self.replySeconds = replySeconds
            self.idleSeconds = idleSeconds
            self.streamSeconds = streamSeconds
            self.maxReplyBytes = maxReplyBytes
        }
    }

    public let timeouts: Timeouts
    private let gateways = GatewayContexts()

    public init(timeouts: Timeouts = Timeouts()) {
        self.timeouts = timeouts
    }

    /// The replica's whole reply to `request` (sent without `stream`).
    public func invoke(_ request: InvocationRequest, host: String, port: Int, via gateway: ReplicaGateway? = nil) throws(ReplicaCallFailure) -> InvocationReply {
        var call = request
        call.stream = false
        var reader = try open(call, host: host, port: port, via: gateway)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeouts.replySeconds * 1000))
        try reader.readHead(before: deadline)
        var body: [UInt8] = []
        while let piece = try reader.nextBodyPiece(before: deadline) {
            body += piece
            guard body.count <= timeouts.maxReplyBytes else { throw ReplicaCallFailure(.garbage, "the replica's reply is longer than \(timeouts.maxReplyBytes) bytes") }
        }
        guard reader.status == 200 else { throw Self.refusal(status: reader.status, body: body) }
        do {
            return try JSONDecoder().decode(InvocationReply.self, from: Data(body))
        } catch {
            throw ReplicaCallFailure(.garbage, "the replica's reply is not the protocol's JSON ({\"agent\",\"content\",\"usage\"})")
        }
    }

    /// Streams the replica's reply to `request`, calling `onToken` with each token as it arrives,
    /// and returns the complete reply (from the `done` event). Whatever `onToken` throws (the
    /// client has gone) closes the connection and is rethrown.
    public func stream(
        _ request: InvocationRequest, host: String, port: Int, via gateway: ReplicaGateway? = nil, onToken: (String) throws -> Void
    ) throws -> InvocationReply {
        var call = request
        call.stream = true
        var reader = try open(call, host: host, port: port, via: gateway)
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int(timeouts.streamSeconds * 1000))
        var deadline = min(end, start + .milliseconds(Int(timeouts.replySeconds * 1000)))
        try reader.readHead(before: deadline)
        guard reader.status == 200 else {
            var body: [UInt8] = []
            while body.count < 65_536, let piece = try reader.nextBodyPiece(before: deadline) { body += piece }
            throw Self.refusal(status: reader.status, body: body)
        }
        guard reader.contentType.hasPrefix("text/event-stream") else {
            throw ReplicaCallFailure(.garbage, "the replica answered a stream with \(reader.contentType.isEmpty ? "no Content-Type" : reader.contentType), not text/event-stream")
        }
        var parser = ServerSentEventParser()
        var received = 0
        let cap = ReplicaCallFailure(.timedOut, "the replica's stream went on past \(Int(timeouts.streamSeconds)) seconds")
        while true {
            let next: [UInt8]?
            do {
                next = try reader.nextBodyPiece(before: deadline)
            } catch {
                throw error.kind == .timedOut && ContinuousClock.now >= end ? cap : error
            }
            guard let piece = next else {
                throw ReplicaCallFailure(.broken, "the replica's stream ended before its done event")
            }
            received += piece.count
            guard received <= timeouts.maxReplyBytes else {
                throw ReplicaCallFailure(.garbage, "the replica's stream is longer than \(timeouts.maxReplyBytes) bytes")
            }
            let events: [ServerSentEventParser.Event]
            do { events = try parser.feed(piece) } catch { throw ReplicaCallFailure(.garbage, "the replica's stream has a line too long") }
            for event in events {
                guard let decoded = StreamEvent(name: event.name, data: event.data) else {
                    throw ReplicaCallFailure(.garbage, "the replica sent an event that is not the protocol's (\(event.name.prefix(32)))")
                }
                switch decoded {
                case .token(let text): try onToken(text)
                case .done(let reply): return reply
                case .error(let message): throw ReplicaCallFailure(.agentFailed, "the agent failed: \(message.prefix(500))")
                }
            }
            deadline = min(end, .now + .milliseconds(Int(timeouts.idleSeconds * 1000)))
            if ContinuousClock.now >= end { throw cap }
        }
    }

    private func open(_ request: InvocationRequest, host: String, port: Int, via gateway: ReplicaGateway?) throws(ReplicaCallFailure) -> ResponseReader {
        let body: Data
        do { body = try JSONEncoder().encode(request) } catch { throw ReplicaCallFailure(.garbage, "the conversation cannot be encoded") }
        let connection: any ReplicaConnection
        var head: String
        if let gateway {
            connection = try GatewayConnection(gateway, contexts: gateways, timeoutMilliseconds: timeouts.connectMilliseconds)
            head = "POST \(gateway.pathPrefix)/invoke HTTP/1.1\r\nHost: \(gateway.host):\(gateway.port)\r\nAuthorization: \(gateway.authorization)\r\n"
        } else {
            connection = try LoopbackConnection(host: host, port: port, timeoutMilliseconds: timeouts.connectMilliseconds)
            head = "POST /invoke HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        }
        head += "Content-Type: application/json\r\n"
            + "Accept: \(request.stream ? "text/event-stream" : "application/json")\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        do {
            try connection.send(Array(head.utf8) + Array(body))
        } catch {
            // Nothing was taken: the replica went away between connect and send.
            throw ReplicaCallFailure(.unreachable, error.message)
        }
        return ResponseReader(connection: connection)
    }

    /// A non-200 answer: the replica's `{"error": "..."}` message when it has one.
    private static func refusal(status: Int, body: [UInt8]) -> ReplicaCallFailure {
        struct Refusal: Decodable { var error: String }
        let message = (try? JSONDecoder().decode(Refusal.self, from: Data(body)))?.error
        return ReplicaCallFailure(.agentFailed, "the replica answered \(status)" + (message.map { ": \($0.prefix(500))" } ?? ""))
    }
}

extension ReplicaClient {
    /// Whether something accepts connections at `host:port` now (a replica that has gone refuses
    /// them at once); the connection is closed unused.
    public func accepts(host: String, port: Int) -> Bool {
        (try? LoopbackConnection(host: host, port: port, timeoutMilliseconds: timeouts.connectMilliseconds)) != nil
    }
}
