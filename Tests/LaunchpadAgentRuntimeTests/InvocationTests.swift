import Foundation
import LaunchpadAgentProtocol
import Testing

@testable import LaunchpadAgentRuntime

/// The agent protocol end to end on real sockets: the reference agent's `POST /invoke` served by
/// its HTTP server, called with launchpad's `ReplicaClient`.
@Suite struct InvocationTests {
    private static func serve(_ character: Character = SampleCharacter.character, handler: HTTPServer.Handler? = nil) throws -> HTTPServer {
        let endpoints = AgentEndpoints(character: character, replica: "1")
        let server = try HTTPServer(port: 0, handler: handler ?? { endpoints.respond(to: $0) })
        server.start()
        return server
    }

    private static let conversation = [
        ConversationMessage(role: .system, content: "Be brief."),
        ConversationMessage(role: .user, content: "I want to learn about trading"),
        ConversationMessage(role: .assistant, content: "Happy to help."),
        ConversationMessage(role: .user, content: "What about cryptocurrency risk?"),
    ]

    @Test func aReplyAnswersTheWholeConversationAndCountsWords() throws {
        let server = try Self.serve()
        defer { server.stop() }
        let reply = try ReplicaClient().invoke(
            InvocationRequest(sessionId: "sess_1", messages: Self.conversation, variables: ["user": "alice"]), host: "127.0.0.1", port: server.port)
        #expect(reply.agent == "my-trading-bot")
        #expect(reply.content.hasPrefix("Hello alice. You said: \"What about cryptocurrency risk?\"."))
        #expect(reply.content.contains("Earlier you said: \"I want to learn about trading\" (4 messages so far)."))
        #expect(reply.usage.input == 2 + 6 + 3 + 4)
        #expect(reply.usage.output == reply.content.split(separator: " ").count)
        #expect(reply.usage.total == reply.usage.input + reply.usage.output)
    }

    @Test func theSameConversationGetsTheSameReply() throws {
        let server = try Self.serve()
        defer { server.stop() }
        let call = InvocationRequest(messages: Self.conversation)
        let first = try ReplicaClient().invoke(call, host: "127.0.0.1", port: server.port)
        let second = try ReplicaClient().invoke(call, host: "127.0.0.1", port: server.port)
        #expect(first == second)
        let shorter = try ReplicaClient().invoke(InvocationRequest(messages: Array(Self.conversation.suffix(1))), host: "127.0.0.1", port: server.port)
        #expect(shorter.content != first.content)
    }

    @Test func aStreamSendsEveryWordThenTheWholeReply() throws {
        let server = try Self.serve()
        defer { server.stop() }
        var tokens: [String] = []
        let reply = try ReplicaClient().stream(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: server.port) { tokens.append($0) }
        #expect(tokens.joined() == reply.content)
        #expect(tokens.count == reply.usage.output)
        #expect(tokens.count > 5)
    }

    @Test func aStreamArrivesPieceByPieceWithTheCharactersDelay() throws {
        var character = SampleCharacter.character
        character.settings.tokenDelayMs = 40
        let server = try Self.serve(character)
        defer { server.stop() }
        let start = ContinuousClock.now
        var arrivals: [Duration] = []
        let reply = try ReplicaClient().stream(InvocationRequest(messages: [.init(role: .user, content: "hello")]), host: "127.0.0.1", port: server.port) { _ in
            arrivals.append(.now - start)
        }
        let total = ContinuousClock.now - start
        #expect(arrivals.count == reply.usage.output)
        // The first token came long before the last was produced.
        #expect(arrivals[0] < total - .milliseconds(40 * (arrivals.count - 2)))
    }

    @Test func aConversationWithoutAUserMessageIsRefused() throws {
        let server = try Self.serve()
        defer { server.stop() }
        #expect(throws: ReplicaCallFailure(.agentFailed, "the replica answered 400: field \"messages\" must hold at least one user message")) {
            try ReplicaClient().invoke(InvocationRequest(messages: [.init(role: .system, content: "x")]), host: "127.0.0.1", port: server.port)
        }
        let response = AgentEndpoints(character: SampleCharacter.character, replica: "1")
            .respond(to: HTTPRequest(method: "POST", target: "/invoke", version: "HTTP/1.1", headers: [], body: Array(#"{"messages":[{"role":"robot","content":"x"}]}"#.utf8)))
        #expect(response.status == 400)
    }

    @Test func tokensAreWordsWithTheirFollowingSpace() {
        #expect(AgentEndpoints.tokens(of: "Hello  there. You") == ["Hello  ", "there. ", "You"])
        #expect(AgentEndpoints.tokens(of: "") == [])
    }

    @Test func garbageIsAClearFailure() throws {
        let server = try Self.serve(handler: { _ in HTTPResponse(status: 200, body: #"{"hello":"world"}"#) })
        defer { server.stop() }
        #expect(throws: ReplicaCallFailure(.garbage, "the replica's reply is not the protocol's JSON ({\"agent\",\"content\",\"usage\"})")) {
            try ReplicaClient().invoke(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: server.port)
        }
        #expect(throws: ReplicaCallFailure(.garbage, "the replica answered a stream with application/json, not text/event-stream")) {
            try ReplicaClient().stream(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: server.port) { _ in }
        }
    }

    @Test func aReplicaThatNeverAnswersTimesOut() throws {
        let server = try Self.serve(handler: { _ in
            usleep(2_000_000)
            return HTTPResponse(status: 200, body: "{}")
        })
        defer { server.stop() }
        let client = ReplicaClient(timeouts: .init(replySeconds: 0.3))
        let start = ContinuousClock.now
        #expect(throws: ReplicaCallFailure(.timedOut, "the replica sent no answer in time")) {
            try client.invoke(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: server.port)
        }
        #expect(ContinuousClock.now - start < .seconds(1.5))
    }

    @Test func aStreamThatEndsWithoutDoneIsBroken() throws {
        let server = try Self.serve(handler: { _ in
            .events { send in _ = send(StreamEvent.token("half ").serialized()) }
        })
        defer { server.stop() }
        var tokens: [String] = []
        #expect(throws: ReplicaCallFailure(.broken, "the replica's stream ended before its done event")) {
            try ReplicaClient().stream(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: server.port) { tokens.append($0) }
        }
        #expect(tokens == ["half "])
    }

    @Test func aStreamThatNeverEndsIsCappedAndAnErrorEventFails() throws {
        let endless = try Self.serve(handler: { _ in
            .events { send in
                while send(StreamEvent.token("more ").serialized()) { usleep(10_000) }
            }
        })
        defer { endless.stop() }
        let client = ReplicaClient(timeouts: .init(streamSeconds: 0.3))
        #expect(throws: ReplicaCallFailure(.timedOut, "the replica's stream went on past 0 seconds")) {
            try client.stream(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: endless.port) { _ in }
        }
        let failing = try Self.serve(handler: { _ in .events { send in _ = send(StreamEvent.error("model overloaded").serialized()) } })
        defer { failing.stop() }
        #expect(throws: ReplicaCallFailure(.agentFailed, "the agent failed: model overloaded")) {
            try ReplicaClient().stream(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: failing.port) { _ in }
        }
    }

    @Test func aGoneReplicaIsUnreachable() throws {
        let port = LoopbackClient.freePort()
        #expect(throws: ReplicaCallFailure.self) {
            try ReplicaClient().invoke(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: port)
        }
        do {
            _ = try ReplicaClient().invoke(InvocationRequest(messages: Self.conversation), host: "127.0.0.1", port: port)
        } catch {
            #expect(error.kind == .unreachable)
        }
    }

    @Test func serverSentEventsAreParsedAcrossPieces() throws {
        var parser = ServerSentEventParser()
        let bytes = StreamEvent.token("a ").serialized() + Array(": comment\n\n".utf8) + StreamEvent.done(InvocationReply(agent: "x", content: "a", usage: TokenUsage(input: 1, output: 1))).serialized()
        var events: [ServerSentEventParser.Event] = []
        for byte in bytes { events += try parser.feed([byte]) }
        #expect(events.map(\.name) == ["token", "done"])
        #expect(StreamEvent(name: events[0].name, data: events[0].data) == .token("a "))
        #expect(StreamEvent(name: "done", data: events[1].data) == .done(InvocationReply(agent: "x", content: "a", usage: TokenUsage(input: 1, output: 1))))
        #expect(StreamEvent(name: "token", data: "{}") == nil)
    }
}
