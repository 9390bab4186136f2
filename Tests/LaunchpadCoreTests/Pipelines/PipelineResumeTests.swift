import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadTestSupport
import Testing

/// A run whose process stops mid-run goes on, at the next start, from its first step not completed,
/// without running a completed step again, and its record says so. (FaultTests kills a real
/// launchpad with SIGKILL; here the services are closed under the run.)
struct PipelineResumeTests {
    @Test func aRunLeftRunningGoesOnFromItsFirstStepNotCompleted() throws {
        let directory = try TemporaryDirectory()
        let scripts: [String: ScriptedInvoker.Script] = ["echo": .init(), "slow": .init(delay: 30)]
        let started: PipelineRun
        do {
            let fixture = try PipelineFixture(scripts, directory: directory)
            defer { fixture.close() }
            try fixture.define("resumable", [
                PipelineStep(name: "first", agent: "echo"),
                PipelineStep(name: "second", agent: "slow"),
                PipelineStep(name: "third", agent: "echo"),
            ])
            started = try fixture.pipelines.start(named: "resumable", input: "x", by: PipelineFixture.alice, wait: nil)
            _ = try fixture.waitFor(started.runId) { $0.steps[1].status == .running }
        }

        let left = try #require(try Services(dataDirectory: directory.path).pipelinesClosing { try $0.store.run(started.runId) })
        #expect(left.status == .running && left.steps.map(\.status) == [.completed, .running, .pending], "stopping wrote nothing more")

        // The restart: the slow agent answers at once now.
        let fixture = try PipelineFixture(["echo": .init(), "slow": .init(reply: { "slow:" + $0 })], directory: directory)
        defer { fixture.close() }
        let resumed = try fixture.waitFor(started.runId) { $0.status != .running }
        #expect(resumed.status == .completed)
        #expect(resumed.steps.map(\.output) == ["[x]", "slow:[x]", "[slow:[x]]"])
        #expect(fixture.invoker.calls.map(\.step) == ["second", "third"], "the completed step did not run again")
        #expect(resumed.resumes.count == 1 && resumed.resumes[0].fromStep == "second")
        #expect(resumed.steps[0] == left.steps[0], "the completed step's result is the one first written")
    }
}

extension Services {
    /// `body` on these services' pipelines, then the services closed.
    func pipelinesClosing<T>(_ body: (PipelineService) throws -> T) throws -> T {
        defer { close() }
        return try body(pipelines)
    }
}
