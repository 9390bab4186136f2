import Foundation
import LaunchpadTestSupport
import Testing

/// Answers that wait on agents (synchronous workflow runs, non-streamed replies) through a real
/// nginx and `launchpad up`: they wait off the FastCGI pool, a client that leaves gives its wait's
/// place back at once while its run goes on, and one user's waits stop at their share.
@Suite(.serialized) struct SynchronousWaitTests {
    /// Eight words: each step's reply takes about nine tokens' delay.
    static let input = "one two three four five six seven eight"

    static func createWorkflow(_ fixture: AgentFixture, _ id: String) throws {
        let created = try fixture.request("POST", "/api/workflows", """
            {"id": "\(id)", "name": "\(id)", "steps": [
             {"name": "a", "functionId": "agent::slowpoke"},
             {"name": "b", "functionId": "agent::slowpoke"}]}
            """)
        guard created.status == 201 else { throw RawHTTPClient.ClientError("POST /api/workflows: \(created)") }
    }

    static func runRequest(_ fixture: AgentFixture, _ workflow: String) -> String {
        TalkingTests.post("/api/workflows/run", #"{"workflowId": "\#(workflow)", "input": "\#(input)"}"#, key: fixture.key)
    }

    /// The statuses of the pipeline's runs, newest first.
    static func runStatuses(_ fixture: AgentFixture, _ pipeline: String) throws -> [String] {
        let listed = try fixture.request("GET", "/v1/pipelines/\(pipeline)/runs?limit=100")
        return AgentFixture.objects("runs", of: listed.body).map { if case .string(let status)? = $0["status"] { status } else { "?" } }
    }

    /// `--threads 4`: four synchronous runs and four whole replies waited for at once. Were each to
    /// hold its thread, the health check would wait for the first of them to end.
    /// Both transports: the epoll loop (the default), and a thread per connection.
    @Test(arguments: [[], ["--transport", "thread-per-connection"]]) func eightWaitsOnFourThreadsLeaveTheAPIAnswering(_ transport: [String]) throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory, tokenDelayMs: 300, extraArguments: ["--threads", "4", "--keepalive", "2"] + transport)
        defer { fixture.server.stop() }
        try Self.createWorkflow(fixture, "waited")
        let runs = try (0..<4).map { _ in try SSEConnection(port: fixture.server.port, request: Self.runRequest(fixture, "waited"), waitForHead: false) }
        let invoke = TalkingTests.post("/v1/agents/slowpoke/invoke", #"{"input": "\#(Self.input)"}"#, key: fixture.key)
        let replies = try (0..<4).map { _ in try SSEConnection(port: fixture.server.port, request: invoke, waitForHead: false) }
        defer { (runs + replies).forEach { $0.close() } }
        Thread.sleep(forTimeInterval: 1)
        #expect((runs + replies).allSatisfy { $0.status == 0 }, "all still waiting")
        let probe = Date()
        #expect(try fixture.server.client.send(method: "GET", path: "/api/health").status == 200)
        #expect(Date().timeIntervalSince(probe) < 1, "health took \(Date().timeIntervalSince(probe)) s")
        for run in runs {
            let answer = try run.waitForClose(timeout: 60)
            #expect(run.status == 200, "\(answer.suffix(300))")
            #expect(answer.contains(#""stepName":"b""#), "\(answer.suffix(300))")
        }
        for reply in replies {
            let answer = try reply.waitForClose(timeout: 60)
            #expect(reply.status == 200, "\(answer.suffix(300))")
            #expect(answer.contains(#""output":"#), "\(answer.suffix(300))")
        }
    }

    /// `--max-waiting-runs-per-user 2`: a third synchronous run is refused in AgentOS's envelope
    /// while two wait; once their clients have left, places are free at once, and the runs the
    /// clients left go on to the end.
    @Test func aClientThatLeavesGivesItsPlaceBackAndItsRunGoesOn() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory, tokenDelayMs: 400, extraArguments: ["--max-waiting-runs-per-user", "2"])
        defer { fixture.server.stop() }
        try Self.createWorkflow(fixture, "left")
        let waiting = try (0..<2).map { _ in try SSEConnection(port: fixture.server.port, request: Self.runRequest(fixture, "left"), waitForHead: false) }
        let deadline = Date().addingTimeInterval(10)
        while try Self.runStatuses(fixture, "left").count < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }

        let refused = try fixture.server.client.sendRaw(Array(Self.runRequest(fixture, "left").utf8))
        #expect(refused.status == 429, "\(refused)")
        #expect(refused.header("Retry-After") == "1")
        let envelope = String(decoding: refused.body, as: UTF8.self)
        #expect(envelope.contains(#""code":"RESOURCE_LIMIT_EXCEEDED""#) && envelope.contains("synchronous runs waiting"), "\(envelope)")
        #expect(try Self.runStatuses(fixture, "left").count == 2, "the refused run was not started")

        waiting.forEach { $0.close() }
        // Each wait sees its client gone within a quarter of a second; a run's two steps take seconds.
        Thread.sleep(forTimeInterval: 1)
        #expect(try Self.runStatuses(fixture, "left") == ["running", "running"], "the runs the clients left go on")
        let again = try SSEConnection(port: fixture.server.port, request: Self.runRequest(fixture, "left"), waitForHead: false)
        defer { again.close() }
        let answer = try again.waitForClose(timeout: 60)
        #expect(again.status == 200, "\(answer.suffix(300))")
        #expect(answer.contains(#""stepName":"b""#), "\(answer.suffix(300))")
        let ended = Date().addingTimeInterval(30)
        while try Self.runStatuses(fixture, "left").contains("running"), Date() < ended { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try Self.runStatuses(fixture, "left") == ["completed", "completed", "completed"])
    }
}
