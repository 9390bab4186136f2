import Foundation
import LaunchpadTestSupport
import Testing

/// Pipelines of real agents: a real `launchpad up` (nginx, the responder, the reference agent as
/// replicas, each word streamed after a delay so that a step takes about a second), driven over
/// AgentSpec's `/v1/pipelines` and AgentOS's `/api/workflows`.
@Suite(.serialized) struct PipelineAgentTests {

    @Test func chainsFansOutCollectsSkipsAndLoopsWithRealAgents() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory)
        defer { fixture.server.stop() }
        try fixture.putPipeline("shapes", steps: """
            [{"name": "first", "agent": "slowpoke", "input": "hello {{input}}"},
             {"name": "left", "agent": "slowpoke", "depends_on": ["first"]},
             {"name": "right", "agent": "slowpoke", "depends_on": ["first"]},
             {"name": "collect", "agent": "slowpoke", "depends_on": ["left", "right"], "input": "both: {{steps.left.output}} | {{steps.right.output}}"},
             {"name": "never", "agent": "slowpoke", "depends_on": ["collect"], "condition": "no such words"},
             {"name": "loop", "agent": "slowpoke", "depends_on": ["collect"], "until": "...", "max_iterations": 6}]
            """)
        let began = Date()
        let run = try fixture.request("POST", "/v1/pipelines/shapes/run", #"{"input": "world"}"#)
        #expect(run.status == 200, "\(run)")
        #expect(run.body["status"] == .string("completed"))
        #expect(AgentFixture.stepStatuses(run.body) == ["completed", "completed", "completed", "completed", "skipped", "completed"])
        let outputs = AgentFixture.objects("steps", of: run.body).map { step -> String in if case .string(let text)? = step["output"] { text } else { "" } }
        #expect(outputs[0].contains("hello world"), "the template was rendered: \(outputs[0])")
        #expect(outputs[3].contains("You said: \"both: You said"), "the collector's template, quoted: \(outputs[3])")
        #expect(outputs[5].contains("..."), "the loop stopped at its until: \(outputs[5])")
        print("pipeline with real agents: \(Date().timeIntervalSince(began)) s")
    }

    @Test func aStepThatTimesOutUnderEachErrorMode() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory)
        defer { fixture.server.stop() }
        for (mode, expected, runStatus) in [("fail", ["failed", "skipped"], "failed"), ("skip", ["skipped", "completed"], "completed"), ("retry", ["failed", "skipped"], "failed")] {
            try fixture.putPipeline("timeout-\(mode)", steps: """
                [{"name": "slow", "agent": "slowpoke", "timeout_ms": 150, "on_error": "\(mode)", "max_retries": 1, "backoff_ms": 10},
                 {"name": "after", "agent": "slowpoke", "input": "after"}]
                """)
            let run = try fixture.request("POST", "/v1/pipelines/timeout-\(mode)/run", #"{"input": "a long enough message"}"#)
            #expect(run.status == (runStatus == "completed" ? 200 : 500), "\(mode): \(run)")
            #expect(run.body["status"] == .string(runStatus), "\(mode)")
            #expect(AgentFixture.stepStatuses(run.body) == expected, "\(mode)")
            if runStatus == "failed" {
                #expect(run.body["error"]?["code"] == .string("pipeline_error"), "\(mode)")
            }
        }
    }

    @Test func aCancelStopsARunningRun() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory)
        defer { fixture.server.stop() }
        try fixture.putPipeline("long", steps: #"[{"name": "a", "agent": "slowpoke"}, {"name": "b", "agent": "slowpoke"}, {"name": "c", "agent": "slowpoke"}]"#)
        let accepted = try fixture.request("POST", "/v1/pipelines/long/run", #"{"input": "go", "async": true}"#)
        #expect(accepted.status == 202)
        guard case .string(let runId)? = accepted.body["run_id"] else { Issue.record("no run_id: \(accepted)"); return }
        let cancelled = try fixture.request("POST", "/v1/pipelines/long/cancel", #"{"run_id": "\#(runId)"}"#)
        #expect(cancelled.status == 200 && cancelled.body["status"] == .string("cancelled"), "\(cancelled)")
        #expect(AgentFixture.stepStatuses(cancelled.body).last == "skipped")
        let workflow = try fixture.request("GET", "/api/workflows/runs/\(runId)")
        #expect(workflow.body["status"] == .string("cancelled"))
    }

    /// AgentOS's run with `"async": true`: 202 at once, the run polled at its `statusUrl` while its
    /// steps run on the engine's workers, until it has completed with every step's output.
    @Test func aWorkflowRunsAsynchronouslyAndIsPolled() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory)
        defer { fixture.server.stop() }
        let created = try fixture.request("POST", "/api/workflows", """
            {"id": "polled", "name": "Polled", "steps": [
             {"name": "a", "functionId": "agent::slowpoke", "promptTemplate": "first {{input}}"},
             {"name": "b", "functionId": "agent::slowpoke", "outputVar": "second"}]}
            """)
        #expect(created.status == 201, "\(created)")
        let began = Date()
        let accepted = try fixture.request("POST", "/api/workflows/run", #"{"workflowId": "polled", "input": "poll me", "async": true}"#)
        #expect(accepted.status == 202, "\(accepted)")
        #expect(Date().timeIntervalSince(began) < 1, "the 202 came before the steps ran")
        guard case .string(let statusURL)? = accepted.body["statusUrl"] else { Issue.record("no statusUrl: \(accepted)"); return }
        var sawRunning = false
        var run: [String: JSONValue] = [:]
        while Date().timeIntervalSince(began) < 60 {
            run = try fixture.request("GET", statusURL).body
            guard run["status"] == .string("running") else { break }
            sawRunning = true
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(sawRunning, "the run was seen running before it ended")
        #expect(run["status"] == .string("completed"), "\(run)")
        let results = AgentFixture.objects("results", of: run)
        #expect(results.map { $0["status"] } == [.string("completed"), .string("completed")])
        guard case .string(let second)? = run["vars"]?["second"] else { Issue.record("no vars.second: \(run)"); return }
        #expect(second.contains("first poll me"), "the second step took the first's output: \(second)")
    }
}
