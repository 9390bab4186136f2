#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// Streams through launchpad (`/v1/agents/{name}/stream`, OpenAI's chat with `stream: true`) do not
/// hold the FastCGI accept threads: many at once leave the API answering, `--max-streams` refuses
/// the one past it in its dialect's envelope, and a stop cuts those still open after the drain.
extension TalkingTests {
    static func agentSpecStream(_ fixture: Fixture, agent: String, session: String? = nil) -> String {
        let body = session.map { #"{"input":"count with me","session_id":"\#($0)"}"# } ?? #"{"input":"count with me"}"#
        return post("/v1/agents/\(agent)/stream", body, key: fixture.key)
    }

    static func chatStream(_ fixture: Fixture, model: String) -> String {
        post("/v1/chat/completions", #"{"model":"\#(model)","stream":true,"messages":[{"role":"user","content":"count with me"}]}"#, key: fixture.key)
    }

    /// Creates agent `name`, waits for its replica, and opens an AgentSpec session on it; its id.
    static func deployedSession(_ fixture: Fixture, _ name: String) throws -> String {
        let agentId = try fixture.create(name)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        return field(try fixture.request("POST", "/v1/agents/\(name)/sessions", "{}"), "session_id")
    }

    /// `GET /metrics` with the metrics token.
    static func metrics(_ fixture: Fixture) throws -> String {
        let answer = try fixture.server.client.send(
            method: "GET", path: "/metrics", headers: [("Authorization", "Bearer \(fixture.server.metricsToken)")], body: [])
        return String(decoding: answer.body, as: UTF8.self)
    }

    static func sessionTurns(_ fixture: Fixture, agent: String) throws -> [String: JSONValue] {
        let listed = try fixture.request("GET", "/v1/agents/\(agent)/sessions?limit=100")
        guard case .array(let list)? = listed.body["sessions"] else { return [:] }
        var turns: [String: JSONValue] = [:]
        for case .object(let session) in list {
            if case .string(let id)? = session["session_id"] { turns[id] = session["turns"] }
        }
        return turns
    }

    /// `launchpad up` with 4 threads, and 16 streams at once (8 on each route) of an agent that
    /// waits 700 ms before each token (about 6 s a reply). Were each stream to hold its thread, 12
    /// of them would not start before the first 4 ended.
    @Test func sixteenStreamsAtOnceOnFourThreadsLeaveTheAPIAnswering() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(700) + ["--threads", "4", "--keepalive", "2"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("many-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        var sessions: [String] = []
        for _ in 0..<8 {
            sessions.append(Self.field(try fixture.request("POST", "/v1/agents/many-bot/sessions", "{}"), "session_id"))
        }
        let start = Date()
        var streams = try sessions.map {
            try SSEConnection(port: fixture.server.port, request: Self.agentSpecStream(fixture, agent: "many-bot", session: $0), waitForHead: false)
        }
        streams += try (0..<8).map { _ in try SSEConnection(port: fixture.server.port, request: Self.chatStream(fixture, model: "many-bot"), waitForHead: false) }
        defer { streams.forEach { $0.close() } }
        for stream in streams {
            try stream.waitFor("\"You ", timeout: 10)
        }
        #expect(streams.map(\.status) == Array(repeating: 200, count: 16))
        let allStarted = Date().timeIntervalSince(start)
        #expect(allStarted < 5, "the last of 16 streams began \(allStarted) s after the first")
        let probe = Date()
        #expect(try fixture.server.client.send(method: "GET", path: "/api/health").status == 200)
        #expect(Date().timeIntervalSince(probe) < 1)
        for stream in streams[..<8] {
            let all = try stream.waitFor("event: done", timeout: 30)
            #expect(!all.contains("event: error"), "\(all.suffix(300))")
        }
        for stream in streams[8...] {
            let all = try stream.waitFor("data: [DONE]", timeout: 30)
            #expect(all.contains(#""finish_reason":"stop""#), "\(all.suffix(300))")
        }
        // Each stream's turn was committed to its session.
        let turns = try Self.sessionTurns(fixture, agent: "many-bot")
        #expect(sessions.map { turns[$0] } == Array(repeating: .number(1), count: 8), "\(turns)")
    }

    @Test func aStreamPastMaxStreamsIs503InItsDialectsEnvelope() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(300) + ["--max-streams", "2"])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("busy-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let open = [
            try SSEConnection(port: fixture.server.port, request: Self.agentSpecStream(fixture, agent: "busy-bot"), waitForHead: false),
            try SSEConnection(port: fixture.server.port, request: Self.chatStream(fixture, model: "busy-bot"), waitForHead: false),
        ]
        defer { open.forEach { $0.close() } }
        for stream in open { try stream.waitFor("\"You ", timeout: 10) }
        let session = Self.field(try fixture.request("POST", "/v1/agents/busy-bot/sessions", "{}"), "session_id")

        let refused = try fixture.server.client.sendRaw(Array(Self.agentSpecStream(fixture, agent: "busy-bot", session: session).utf8))
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        let agentSpec = String(decoding: refused.body, as: UTF8.self)
        #expect(agentSpec.hasPrefix(#"{"error":{"code":"internal_error","message":"Too many agent replies open at once (at most 2); retry in a moment""#), "\(agentSpec)")
        let chat = try fixture.server.client.sendRaw(Array(Self.chatStream(fixture, model: "busy-bot").utf8))
        #expect(chat.status == 503)
        #expect(chat.header("Retry-After") == "1")
        let openAI = String(decoding: chat.body, as: UTF8.self)
        #expect(openAI.contains(#""message":"Too many agent replies open at once (at most 2); retry in a moment","type":"server_error""#), "\(openAI)")
        // A reply waited for whole takes a place too (it also holds a thread outside the pool).
        #expect(try fixture.request("POST", "/v1/agents/busy-bot/invoke", #"{"input":"hello"}"#).status == 503)

        try open[0].waitFor("event: done", timeout: 20)
        try open[1].waitFor("data: [DONE]", timeout: 20)
        // Their places are free again; the refused one committed nothing.
        #expect(try Self.sessionTurns(fixture, agent: "busy-bot")[session] == .number(0))
        var again: SSEConnection?
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let attempt = try SSEConnection(port: fixture.server.port, request: Self.agentSpecStream(fixture, agent: "busy-bot", session: session))
            if attempt.status == 200 {
                again = attempt
                break
            }
            attempt.close()
            usleep(100_000)
        }
        guard let again else {
            Issue.record("no stream was accepted after the two ended")
            return
        }
        defer { again.close() }
        try again.waitFor("event: done", timeout: 20)
        #expect(try Self.sessionTurns(fixture, agent: "busy-bot")[session] == .number(1))
        let exposition = try Self.metrics(fixture)
        #expect(exposition.contains("launchpad_agent_streams_refused_total 3\n"), "\(exposition.suffix(400))")
    }

    /// SIGTERM to the responder with a stream in flight (a token every 2 s, 18 s in all): the stream
    /// goes on during the drain (10 s), is then cut, and commits nothing; the responder exits.
    @Test func aStopLetsAStreamRunThroughTheDrainThenCutsIt() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(2000))
        defer { fixture.server.stop() }
        let session = try Self.deployedSession(fixture, "drain-bot")
        let stream = try SSEConnection(port: fixture.server.port, request: Self.agentSpecStream(fixture, agent: "drain-bot", session: session))
        defer { stream.close() }
        try stream.waitFor("event: token", timeout: 10)
        let responder = fixture.server.responderPid
        let tokensBefore = stream.text.components(separatedBy: "event: token").count - 1
        let stopped = Date()
        kill(responder, SIGTERM)
        let all = try stream.waitForClose(timeout: 20)
        let cutAfter = Date().timeIntervalSince(stopped)
        #expect(cutAfter > 8 && cutAfter < 14, "cut \(cutAfter) s after SIGTERM")
        #expect(all.components(separatedBy: "event: token").count - 1 > tokensBefore + 2, "tokens kept coming during the drain")
        #expect(!all.contains("event: done"))
        let deadline = Date().addingTimeInterval(10)
        while kill(responder, 0) == 0, Date() < deadline { usleep(50_000) }
        #expect(kill(responder, 0) != 0, "the responder exited")
        // `launchpad up` starts it again; the session kept no half-said turn.
        var turns: JSONValue?
        while Date() < deadline.addingTimeInterval(30), turns == nil {
            turns = try? Self.sessionTurns(fixture, agent: "drain-bot")[session]
            if turns == nil { usleep(200_000) }
        }
        #expect(turns == .number(0))
    }
}
