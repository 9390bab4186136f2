#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// Talking to agents with real replicas behind a real nginx and `launchpad up`: streams arrive
/// piece by piece, sessions outlive replicas and launchpad itself, a replica killed mid-stream
/// ends the stream with an error event, and the agent's url spreads over the replicas.
@Suite(.serialized) struct TalkingTests {
    typealias Fixture = AgentFixture

    /// Replicas that wait `milliseconds` before each token of a stream.
    static func slowAgents(_ milliseconds: Int) -> [String] {
        ["--agent-command", "{launchpad} agent-runtime --character {character} --token-delay-ms \(milliseconds)"]
    }

    static func post(_ path: String, _ body: String, key: String, host: String = "127.0.0.1") -> String {
        "POST \(path) HTTP/1.1\r\nHost: \(host)\r\nX-API-Key: \(key)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    /// The agent's url: `request` sent with `Host: <agentId>.agents.localhost`.
    static func agentURL(_ fixture: Fixture, _ agentId: String, _ method: String, _ path: String, body: String = "") throws -> ReceivedResponse {
        let head = "\(method) \(path) HTTP/1.1\r\nHost: \(agentId).agents.localhost:\(fixture.server.port)\r\nConnection: close\r\n"
            + (body.isEmpty ? "" : "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n") + "\r\n" + body
        return try fixture.server.client.sendRaw(Array(head.utf8))
    }

    static func field(_ response: (status: Int, body: [String: JSONValue]), _ name: String) -> String {
        if case .string(let value)? = response.body[name] { return value }
        return ""
    }

    @Test func aStreamArrivesPieceByPieceThroughNginx() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(200))
        defer { fixture.server.stop() }
        let agentId = try fixture.create("stream-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        for (request, end) in [
            (Self.post("/v1/agents/stream-bot/stream", #"{"input":"tell me something"}"#, key: fixture.key), "event: done"),
            (Self.post("/invoke", #"{"messages":[{"role":"user","content":"tell me something"}],"stream":true}"#, key: fixture.key,
                       host: "\(agentId).agents.localhost:\(fixture.server.port)"), "event: done"),
            (Self.post("/v1/chat/completions", #"{"model":"stream-bot","stream":true,"messages":[{"role":"user","content":"tell me something"}]}"#, key: fixture.key),
             "data: [DONE]"),
        ] {
            let start = Date()
            let stream = try SSEConnection(port: fixture.server.port, request: request)
            defer { stream.close() }
            #expect(stream.status == 200)
            try stream.waitFor("\"You ", timeout: 10)
            let first = Date().timeIntervalSince(start)
            let all = try stream.waitFor(end, timeout: 20)
            let last = Date().timeIntervalSince(start)
            // 9 words at 200 ms: the first token came long before the last was produced.
            #expect(last - first > 1.2, "first token at \(first) s, end at \(last) s")
            #expect(all.contains("something"))
        }
    }

    @Test func aSessionContinuesOnAnotherReplicaAfterOneIsKilled() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("session-bot", replicas: 2)
        let pids = try fixture.wait(agentId, status: "DEPLOYED", processes: 2)
        let first = try fixture.request("POST", "/api/agents/\(agentId)/message", #"{"message":"remember the lighthouse"}"#)
        #expect(first.status == 200)
        let session = Self.field(first, "sessionId")
        // Every turn goes to the next replica: kill the one the second turn would not use, then both turns
        // after it land on the survivor whichever it is.
        kill(pids[0], SIGKILL)
        for turn in ["second", "third"] {
            let next = try fixture.request("POST", "/api/agents/\(agentId)/message", #"{"message":"\#(turn)","sessionId":"\#(session)"}"#)
            #expect(next.status == 200, "\(next)")
            #expect(Self.field(next, "content").contains("Earlier you said: \"remember the lighthouse\""), "\(next)")
        }
        let sessions = try fixture.request("GET", "/api/agents/\(agentId)/sessions")
        guard case .array(let list)? = sessions.body["sessions"], case .object(let only)? = list.first else {
            Issue.record("no sessions: \(sessions)")
            return
        }
        #expect(only["turns"] == .number(3))
    }

    @Test func aSessionIsIntactAfterLaunchpadIsKilled() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("durable-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let first = try fixture.request("POST", "/api/agents/\(agentId)/message", #"{"message":"before the crash"}"#)
        let session = Self.field(first, "sessionId")
        let responder = fixture.server.responderPid
        kill(responder, SIGKILL)
        // `launchpad up` starts a new responder, which starts the agent's replica again.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, fixture.server.responderPid == responder || (try? fixture.request("GET", "/api/agents/\(agentId)/status").status) != 200 {
            usleep(100_000)
        }
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1, timeout: 30)
        var next = (status: 0, body: [String: JSONValue]())
        while Date() < deadline.addingTimeInterval(15) {
            next = try fixture.request("POST", "/api/agents/\(agentId)/message", #"{"message":"after","sessionId":"\#(session)"}"#)
            if next.status == 200 { break }
            usleep(200_000)
        }
        #expect(next.status == 200, "\(next)")
        #expect(Self.field(next, "content").contains("Earlier you said: \"before the crash\" (3 messages so far)."), "\(next)")
    }

    @Test func aReplicaKilledMidStreamEndsTheStreamWithAnError() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(300))
        defer { fixture.server.stop() }
        let agentId = try fixture.create("doomed-bot")
        let pids = try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let session = Self.field(try fixture.request("POST", "/v1/agents/doomed-bot/sessions", "{}"), "session_id")
        let stream = try SSEConnection(
            port: fixture.server.port, request: Self.post("/v1/agents/doomed-bot/stream", #"{"input":"hello","session_id":"\#(session)"}"#, key: fixture.key))
        defer { stream.close() }
        try stream.waitFor("event: token", timeout: 10)
        kill(pids[0], SIGKILL)
        let all = try stream.waitFor("event: error", timeout: 10)
        #expect(all.contains("the replica's stream ended before its done event"))
        #expect(!all.contains("event: done"))
        // Nothing half-said was committed.
        let listed = try fixture.request("GET", "/v1/agents/doomed-bot/sessions")
        guard case .array(let list)? = listed.body["sessions"], case .object(let only)? = list.first else {
            Issue.record("no sessions: \(listed)")
            return
        }
        #expect(only["turns"] == .number(0))
    }

    @Test func theAgentURLSpreadsOverThreeReplicasAndKnowsNoUnknownAgent() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("spread-bot", replicas: 3)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 3)
        var replicas: [String: Int] = [:]
        for _ in 0..<30 {
            let response = try Self.agentURL(fixture, agentId, "GET", "/health")
            #expect(response.status == 200)
            guard case .object(let fields)? = try? JSONValue.parse(response.body), case .string(let replica)? = fields["replica"] else {
                Issue.record("not the agent's health: \(String(decoding: response.body, as: UTF8.self))")
                return
            }
            replicas[replica, default: 0] += 1
        }
        #expect(replicas.count == 3, "\(replicas)")
        #expect(replicas.values.allSatisfy { $0 >= 5 }, "\(replicas)")
        let invoked = try Self.agentURL(fixture, agentId, "POST", "/invoke", body: #"{"messages":[{"role":"user","content":"hello"}]}"#)
        #expect(invoked.status == 200)
        #expect(String(decoding: invoked.body, as: UTF8.self).contains(#""content":"You said: \"hello\". A helpful test agent.""#))
        let unknown = try Self.agentURL(fixture, "agent-0000000000", "GET", "/health")
        #expect(unknown.status == 404)
        #expect(String(decoding: unknown.body, as: UTF8.self).contains("AGENT_NOT_FOUND"))
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":0}"#).status == 202)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 0)
        let none = try Self.agentURL(fixture, agentId, "GET", "/health")
        #expect(none.status == 503)
        // Launchpad's own answers carry seed 002's security headers; the agent's are the agent's.
        #expect(none.header("X-Content-Type-Options") == "nosniff")
        #expect(none.header("X-Frame-Options") == "DENY")
    }
}

extension TalkingTests {
    @Test func aPrivateAgentsURLNeedsItsOwnersKeyOrAnAdmins() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }
        let created = try fixture.request("POST", "/api/agents", #"{"agentName":"private-bot","personality":{"bio":["Shh."]},"access":"private"}"#)
        guard case .string(let agentId)? = created.body["agentId"] else {
            Issue.record("not created: \(created)")
            return
        }
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        #expect(try fixture.request("GET", "/api/agents/\(agentId)").body["access"] == .string("private"))
        let host = "Host: \(agentId).agents.localhost:\(fixture.server.port)\r\nConnection: close\r\n"
        func health(_ header: String) throws -> Int {
            try fixture.server.client.sendRaw(Array("GET /health HTTP/1.1\r\n\(host)\(header)\r\n".utf8)).status
        }
        #expect(try health("") == 401)
        #expect(try health("X-API-Key: alk_\(String(repeating: "0", count: 64))\r\n") == 401)
        let made = try fixture.server.client.send(
            method: "POST", path: "/api/auth/generate-key", headers: [("X-API-Key", fixture.server.adminKey), ("Content-Type", "application/json")],
            body: Array(#"{"username":"stranger","email":"stranger@example.com","role":"USER"}"#.utf8))
        guard case .object(let fields)? = try? JSONValue.parse(made.body), case .string(let other)? = fields["apiKey"] else {
            Issue.record("no key: \(made)")
            return
        }
        #expect(try health("X-API-Key: \(other)\r\n") == 404)
        #expect(try health("X-API-Key: \(fixture.key)\r\n") == 200)
        #expect(try health("Authorization: Bearer \(fixture.server.adminKey)\r\n") == 200)
        // Made public again, anyone may call it.
        #expect(try fixture.request("PUT", "/api/agents/\(agentId)", #"{"access":"public"}"#).status == 200)
        #expect(try health("") == 200)
    }
}

extension TalkingTests {
    /// A client that leaves ends its stream (and the replica's call) at the next token: its thread
    /// and its place among `--max-streams` are free again (launchpad_agent_streams_open goes back to 0).
    @Test func aClientThatLeavesMidStreamFreesItsThreadAndCommitsNothing() throws {
        let fixture = try Fixture(extraArguments: Self.slowAgents(300))
        defer { fixture.server.stop() }
        let session = try Self.deployedSession(fixture, "left-bot")
        for _ in 0..<10 {
            let stream = try SSEConnection(
                port: fixture.server.port, request: Self.post("/v1/agents/left-bot/stream", #"{"input":"hello","session_id":"\#(session)"}"#, key: fixture.key))
            try stream.waitFor("event: token", timeout: 10)
            stream.close()
        }
        let start = Date()
        #expect(try fixture.server.client.send(method: "GET", path: "/api/health").status == 200)
        #expect(Date().timeIntervalSince(start) < 2)
        var exposition = ""
        let deadline = Date().addingTimeInterval(5)
        repeat {
            exposition = try Self.metrics(fixture)
            if exposition.contains("launchpad_agent_streams_open 0\n") { break }
            usleep(100_000)
        } while Date() < deadline
        #expect(exposition.contains("launchpad_agent_streams_open 0\n"), "\(exposition.suffix(300))")
        let listed = try fixture.request("GET", "/v1/agents/left-bot/sessions")
        guard case .array(let list)? = listed.body["sessions"], case .object(let only)? = list.first else {
            Issue.record("no sessions: \(listed)")
            return
        }
        #expect(only["turns"] == .number(0))
    }
}

extension TalkingTests {
    /// A replica that drops the connection without answering (as one that dies mid-request does):
    /// nginx's 502 becomes a 503 in the envelope; the agent's own answers pass untouched.
    @Test func aReplicaThatDropsTheConnectionIs503InTheEnvelope() throws {
        let command = """
            python3 -c 'import os, socket, http.server as h
            class Agent(h.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/drop":
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self.send_response(418 if self.path == "/teapot" else 200); self.end_headers(); self.wfile.write(b"ok")
                def log_message(self, *args): pass
            h.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Agent).serve_forever()'
            """
        let fixture = try Fixture(extraArguments: ["--agent-command", command])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("dropping-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let dropped = try Self.agentURL(fixture, agentId, "GET", "/drop")
        #expect(dropped.status == 503)
        #expect(String(decoding: dropped.body, as: UTF8.self).contains(#""code":"SERVICE_UNAVAILABLE""#))
        let teapot = try Self.agentURL(fixture, agentId, "GET", "/teapot")
        #expect(teapot.status == 418)
        #expect(String(decoding: teapot.body, as: UTF8.self) == "ok")
    }
}
