#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// A pipeline run of real agents survives its responder's SIGKILL (issue 16).
@Suite(.serialized) struct PipelineKillTests {
    /// The responder killed with SIGKILL while a run is at a random step; `launchpad up` starts it
    /// again, and the run goes on from its first step not completed: the completed steps keep the
    /// results first written (they did not run again), and the record says where it resumed.
    @Test func aRunSurvivesSIGKILLAndResumesWithoutRunningACompletedStepTwice() throws {
        let directory = try TemporaryDirectory()
        let fixture = try AgentFixture.withSlowAgent(in: directory)
        defer { fixture.server.stop() }
        let names = (1...5).map { "s\($0)" }
        try fixture.putPipeline("durable", steps: "[" + names.map { #"{"name": "\#($0)", "agent": "slowpoke"}"# }.joined(separator: ",") + "]")
        let accepted = try fixture.request("POST", "/v1/pipelines/durable/run", #"{"input": "survive this", "async": true}"#)
        guard case .string(let runId)? = accepted.body["run_id"] else { Issue.record("no run_id: \(accepted)"); return }
        let killAfter = Int.random(in: 1...3)
        var before: [String: JSONValue] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            before = try fixture.request("GET", "/api/workflows/runs/\(runId)").body
            if AgentFixture.objects("results", of: before).filter({ $0["status"] == .string("completed") }).count >= killAfter { break }
            usleep(20_000)
        }
        let completedBefore = AgentFixture.objects("results", of: before).filter { $0["status"] == .string("completed") }
        #expect(completedBefore.count >= killAfter)
        let pid = fixture.server.responderPid
        kill(pid, SIGKILL)
        while AgentFixture.isRunning(pid) { usleep(5_000) }
        try fixture.server.waitUntilServing()

        var after: [String: JSONValue] = [:]
        let end = Date().addingTimeInterval(90)
        while Date() < end {
            after = try fixture.request("GET", "/api/workflows/runs/\(runId)").body
            if ["completed", "failed", "cancelled"].contains(where: { after["status"] == .string($0) }) { break }
            usleep(100_000)
        }
        #expect(after["status"] == .string("completed"), "\(after)")
        let resultsAfter = AgentFixture.objects("results", of: after)
        for step in completedBefore {
            let same = resultsAfter.first { $0["stepName"] == step["stepName"] }
            #expect(same == step, "a completed step keeps its first result: \(step) then \(same ?? [:])")
        }
        guard case .array(let resumes)? = after["resumes"], case .object(let resume)? = resumes.first else {
            Issue.record("no resume recorded: \(after)")
            return
        }
        #expect(resumes.count == 1)
        // The first step not completed at the kill, or a later one if a step completed between the
        // last poll and the kill.
        let resumedFrom = names.firstIndex { resume["fromStep"] == .string($0) }
        #expect(resumedFrom.map { $0 >= completedBefore.count } == true, "resumed from \(resume)")
        #expect(resultsAfter.allSatisfy { $0["status"] == .string("completed") })
    }
}
