import Foundation
import LaunchpadCore
import LaunchpadDomain
import Testing

/// The engine's runs with a scripted invoker: order, parallelism, conditions, loops, timeouts under
/// each error mode, cancels, and what each run's record holds.
struct PipelineRunTests {
    @Test func sequentialStepsEachTakeThePreviousOutput() throws {
        let fixture = try PipelineFixture(["upper": .init(reply: { $0.uppercased() }), "wrap": .init()])
        defer { fixture.close() }
        try fixture.define("chain", [
            PipelineStep(name: "first", agent: "upper", input: "say {{input}} to {{variables.who}}"),
            PipelineStep(name: "second", agent: "wrap"),
            PipelineStep(name: "third", agent: "wrap", input: "{{steps.first.output}} / {{steps.second.output}}"),
        ])
        let run = try fixture.run("chain", input: "hello", variables: ["who": "bob"])
        #expect(run.status == .completed)
        #expect(run.steps.map(\.status) == [.completed, .completed, .completed])
        #expect(run.steps.map(\.output) == ["SAY HELLO TO BOB", "[SAY HELLO TO BOB]", "[SAY HELLO TO BOB / [SAY HELLO TO BOB]]"])
        #expect(run.output == "[SAY HELLO TO BOB / [SAY HELLO TO BOB]]")
        #expect(fixture.invoker.calls.map(\.step) == ["first", "second", "third"])
        #expect(run.usage.inputTokens == "say hello to bob".count + "SAY HELLO TO BOB".count + "SAY HELLO TO BOB / [SAY HELLO TO BOB]".count)
        #expect(run.steps.allSatisfy { $0.durationMs != nil && $0.attempts == 1 })
        #expect(run.endedAt != nil && run.resumes.isEmpty)
        #expect(try fixture.pipelines.store.run(run.runId) == run, "the answer is the stored record")
    }

    @Test func fanOutRunsSiblingsTogetherAndCollectWaitsForAll() throws {
        let fixture = try PipelineFixture(["slow": .init(delay: 0.3), "join": .init(reply: { "joined: \($0)" })])
        defer { fixture.close() }
        try fixture.define("fan", [
            PipelineStep(name: "start", agent: "join"),
            PipelineStep(name: "left", agent: "slow", dependsOn: ["start"]),
            PipelineStep(name: "middle", agent: "slow", dependsOn: ["start"]),
            PipelineStep(name: "right", agent: "slow", dependsOn: ["start"]),
            PipelineStep(name: "collect", agent: "join", dependsOn: ["left", "middle", "right"]),
        ])
        let began = Date()
        let run = try fixture.run("fan", input: "x")
        #expect(run.status == .completed)
        #expect(fixture.invoker.maxConcurrent == 3, "the three siblings ran at once")
        #expect(Date().timeIntervalSince(began) < 0.9, "three 0.3 s steps in parallel: one after another takes 0.9 s at least")
        #expect(run.output == "joined: [joined: x]\n\n[joined: x]\n\n[joined: x]", "the collector got every sibling's output, in order")
        #expect(fixture.invoker.calls.last?.step == "collect")
    }

    @Test func aConditionNotMetSkipsTheStepAndTheRunGoesOn() throws {
        let fixture = try PipelineFixture(["say": .init(reply: { _ in "The answer is NO" }), "echo": .init()])
        defer { fixture.close() }
        try fixture.define("cond", [
            PipelineStep(name: "ask", agent: "say"),
            PipelineStep(name: "onYes", agent: "echo", dependsOn: ["ask"], condition: "yes"),
            PipelineStep(name: "onNo", agent: "echo", dependsOn: ["ask"], condition: "answer is no"),
            PipelineStep(name: "after", agent: "echo", input: "{{steps.onYes.output}}|{{steps.onNo.output}}", dependsOn: ["onYes", "onNo"]),
        ])
        let run = try fixture.run("cond")
        #expect(run.status == .completed)
        #expect(run.steps.map(\.status) == [.completed, .skipped, .completed, .completed])
        #expect(run.steps[1].error?.contains("condition not met") == true)
        #expect(fixture.invoker.calls(of: "onYes") == 0)
        #expect(run.output == "[|[The answer is NO]]", "a skipped step's output is empty in templates")
    }

    @Test func aLoopStopsAtItsUntilOrAtMaxIterations() throws {
        let fixture = try PipelineFixture(["grow": .init(reply: { $0 + "x" })])
        defer { fixture.close() }
        try fixture.define("loops", [
            PipelineStep(name: "until", agent: "grow", input: "a", until: "AXXX"),
            PipelineStep(name: "capped", agent: "grow", input: "b", dependsOn: [], until: "never"),
            PipelineStep(name: "three", agent: "grow", input: "c", dependsOn: [], maxIterations: 3),
        ])
        let run = try fixture.run("loops")
        #expect(run.status == .completed)
        #expect(run.steps[0].output == "axxx" && run.steps[0].attempts == 3, "stopped when the output held 'AXXX', ignoring case")
        #expect(run.steps[1].attempts == PipelineStep.defaultMaxIterations && run.steps[1].output == "b" + String(repeating: "x", count: 10))
        #expect(run.steps[2].output == "cxxx")
        #expect(fixture.invoker.calls.filter { $0.step == "until" }.map(\.input) == ["a", "ax", "axx"], "each iteration takes the last output")
    }

    @Test func aTimeoutFailsTheRunUnderFail() throws {
        let fixture = try PipelineFixture(["slow": .init(delay: 5), "echo": .init()])
        defer { fixture.close() }
        try fixture.define("fails", [
            PipelineStep(name: "slow", agent: "slow", timeoutMs: 100),
            PipelineStep(name: "next", agent: "echo"),
        ])
        let began = Date()
        let run = try fixture.run("fails")
        #expect(Date().timeIntervalSince(began) < 2)
        #expect(run.status == .failed)
        #expect(run.steps.map(\.status) == [.failed, .skipped])
        #expect(run.steps[0].error == "timed out after 100 ms")
        #expect(run.error == "step 'slow' failed: timed out after 100 ms")
        #expect(fixture.invoker.calls(of: "next") == 0)
    }

    @Test func aTimeoutSkipsTheStepUnderSkip() throws {
        let fixture = try PipelineFixture(["slow": .init(delay: 5), "echo": .init()])
        defer { fixture.close() }
        try fixture.define("skips", [
            PipelineStep(name: "slow", agent: "slow", timeoutMs: 100, errorMode: .skip),
            PipelineStep(name: "next", agent: "echo"),
        ])
        let run = try fixture.run("skips", input: "go")
        #expect(run.status == .completed)
        #expect(run.steps.map(\.status) == [.skipped, .completed])
        #expect(run.steps[0].error == "timed out after 100 ms")
        #expect(run.output == "[]", "the skipped step gave its dependent nothing")
    }

    @Test func aTimeoutIsRetriedWithBackoffUnderRetryThenFails() throws {
        let fixture = try PipelineFixture(["slow": .init(delay: 5)])
        defer { fixture.close() }
        try fixture.define("retries", [PipelineStep(name: "slow", agent: "slow", timeoutMs: 50, errorMode: .retry, maxRetries: 2, backoffMs: 100)])
        let began = Date()
        let run = try fixture.run("retries")
        #expect(run.status == .failed)
        #expect(fixture.invoker.calls(of: "slow") == 3, "one attempt and two retries")
        #expect(Date().timeIntervalSince(began) >= 0.15 + 0.3, "three 50 ms timeouts and backoffs of 100 and 200 ms")
    }

    @Test func aRetryThatSucceedsCompletesTheStep() throws {
        let fixture = try PipelineFixture(["flaky": .init(failures: 2)])
        defer { fixture.close() }
        try fixture.define("flaky", [PipelineStep(name: "try", agent: "flaky", errorMode: .retry, backoffMs: 1)])
        let run = try fixture.run("flaky", input: "x")
        #expect(run.status == .completed && run.output == "[x]")
        #expect(fixture.invoker.calls(of: "try") == 3)
        #expect(run.steps[0].attempts == 1, "attempts count the invocations that answered")
    }

    @Test func anErrorFailsTheRunWithTheInvokersMessage() throws {
        let fixture = try PipelineFixture(["broken": .init(failures: 100)])
        defer { fixture.close() }
        try fixture.define("broken", [PipelineStep(name: "call", agent: "broken")])
        let run = try fixture.run("broken")
        #expect(run.status == .failed)
        #expect(run.steps[0].error == "Agent 'broken' failed to answer: scripted failure")
    }

    @Test func aCancelStopsTheRunAndSkipsWhatIsLeft() throws {
        let fixture = try PipelineFixture(["slow": .init(delay: 10), "echo": .init()])
        defer { fixture.close() }
        try fixture.define("long", [PipelineStep(name: "first", agent: "echo"), PipelineStep(name: "slow", agent: "slow"), PipelineStep(name: "last", agent: "echo")])
        let started = try fixture.pipelines.start(named: "long", input: "x", by: PipelineFixture.alice, wait: nil)
        #expect(started.status == .running)
        _ = try fixture.waitFor(started.runId) { $0.steps[1].status == .running }
        #expect(refusal { _ = try fixture.pipelines.cancel(started.runId, for: PipelineFixture.bob) }?.code == .notFound)
        let began = Date()
        let cancelled = try fixture.pipelines.cancel(started.runId, for: PipelineFixture.alice)
        #expect(Date().timeIntervalSince(began) < 2)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.steps.map(\.status) == [.completed, .failed, .skipped])
        #expect(try fixture.pipelines.run(started.runId, for: PipelineFixture.alice) == cancelled)
        #expect(fixture.invoker.calls(of: "last") == 0)
    }

    @Test func runsAreListedNewestFirstKeptForTheirRetentionAndDeletedWithTheirPipeline() throws {
        let fixture = try PipelineFixture(["echo": .init()])
        defer { fixture.close() }
        try fixture.define("listed", [PipelineStep(name: "one", agent: "echo")])
        var ids: [String] = []
        for index in 0..<5 { ids.append(try fixture.run("listed", input: "\(index)").runId) }
        let page = try fixture.pipelines.runs(ofPipeline: "listed", for: PipelineFixture.alice, limit: 2, offset: 1)
        #expect(page.total == 5)
        #expect(page.runs.map(\.runId) == [ids[3], ids[2]])
        #expect(refusal { _ = try fixture.pipelines.runs(ofPipeline: "listed", for: PipelineFixture.bob, limit: 2, offset: 0) }?.code == .notFound)
        #expect(refusal { _ = try fixture.pipelines.run(ids[0], for: PipelineFixture.bob) }?.code == .notFound)

        #expect(try fixture.pipelines.prune(now: Date().addingTimeInterval(6 * 86_400)) == 0, "kept 7 days")
        #expect(try fixture.pipelines.prune(now: Date().addingTimeInterval(8 * 86_400)) == 5)
        #expect(try fixture.pipelines.runs(ofPipeline: "listed", for: PipelineFixture.alice, limit: 10, offset: 0).total == 0)

        let kept = try fixture.run("listed").runId
        _ = try fixture.pipelines.delete(named: "listed", for: PipelineFixture.alice)
        #expect(try fixture.pipelines.store.run(kept) == nil, "deleted with its pipeline")
        #expect(refusal { _ = try fixture.pipelines.definition(named: "listed", for: PipelineFixture.alice) }?.code == .notFound)
    }
}

/// The engine's own cost: a 20-step sequential pipeline of agents that answer at once, each step's
/// result committed (durably) as it ends.
struct PipelineCostTests {
    @Test func aSequentialStepCostsTheEngineLittle() throws {
        let fixture = try PipelineFixture(["echo": .init(reply: { _ in "ok" })])
        defer { fixture.close() }
        try fixture.define("twenty", (0..<20).map { PipelineStep(name: "s\($0)", agent: "echo") })
        _ = try fixture.run("twenty")
        var best = Double.infinity
        for _ in 0..<5 {
            let began = Date()
            let run = try fixture.run("twenty")
            #expect(run.status == .completed)
            best = min(best, Date().timeIntervalSince(began))
        }
        print("pipeline engine: \(String(format: "%.3f", best * 1000 / 20)) ms per step (20 sequential steps, best of 5)")
        #expect(best / 20 < 0.05, "a step's bookkeeping stays far below an agent's time")
    }
}
