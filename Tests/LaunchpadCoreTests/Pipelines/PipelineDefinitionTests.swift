import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadTestSupport
import Testing

/// Definitions: refused at creation, naming the step and the field, when they cannot run; names
/// unique per owner; another user's pipeline is not found.
struct PipelineDefinitionTests {
    private func refusedField(_ fixture: PipelineFixture, _ steps: [PipelineStep]) -> DomainError? {
        refusal { try fixture.define("bad", steps) }
    }

    @Test func definitionsThatCannotRunAreRefusedNamingTheStepAndField() throws {
        let fixture = try PipelineFixture(["echo": .init()])
        defer { fixture.close() }
        let cases: [(steps: [PipelineStep], field: String, words: String)] = [
            ([PipelineStep(name: "a", agent: "echo", dependsOn: ["b"]), PipelineStep(name: "b", agent: "echo", dependsOn: ["a"])],
             "steps[0].dependsOn", "step 'a' is on a cycle"),
            ([PipelineStep(name: "a", agent: "echo", dependsOn: ["a"])], "steps[0].dependsOn", "step 'a' depends on itself"),
            ([PipelineStep(name: "a", agent: "echo"), PipelineStep(name: "b", agent: "echo", dependsOn: ["zzz"])],
             "steps[1].dependsOn", "depends on 'zzz', which is not a step"),
            ([PipelineStep(name: "a", agent: "nobody")], "steps[0].agent", "step 'a' names agent 'nobody', which you do not have"),
            ([PipelineStep(name: "a", agent: "echo", input: "{{steps.ghost.output}}")], "steps[0].input", "'ghost', which is not a step"),
            ([PipelineStep(name: "a", agent: "echo", input: "{{steps.b.output}}"), PipelineStep(name: "b", agent: "echo")],
             "steps[0].input", "'b', which does not run before it"),
            ([PipelineStep(name: "a", agent: "echo", input: "{{steps.a.output}}")], "steps[0].input", "'a', which does not run before it"),
            ([PipelineStep(name: "a", agent: "echo", input: "{{ output }}")], "steps[0].input", "is none of"),
            ([PipelineStep(name: "a", agent: "echo", input: "{{input")], "steps[0].input", "not closed"),
            ([PipelineStep(name: "a", agent: "echo"), PipelineStep(name: "a", agent: "echo")], "steps[1].name", "named twice"),
            ([PipelineStep(name: "a.b", agent: "echo")], "steps[0].name", "A-Z"),
            ([PipelineStep(name: "a", agent: "echo", timeoutMs: 0)], "steps[0].timeoutMs", "from 1"),
            ([PipelineStep(name: "a", agent: "echo", errorMode: .retry, maxRetries: 11)], "steps[0].maxRetries", "from 0 to 10"),
            ([PipelineStep(name: "a", agent: "echo", maxIterations: 0)], "steps[0].maxIterations", "from 1 to 100"),
            ([PipelineStep(name: "a", agent: "echo", condition: "")], "steps[0].condition", "1 to 1024"),
            ([], "steps", "at least one step"),
        ]
        for (steps, field, words) in cases {
            let error = refusedField(fixture, steps)
            #expect(error?.code == .invalid, "\(field)")
            #expect(error?.field == field, "\(words)")
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "accepted") should say \(words)")
        }
        #expect(try fixture.pipelines.definitions(for: PipelineFixture.alice).isEmpty, "nothing was stored")
    }

    @Test func aThousandStepsAreRefusedAndTheLongestChainAllowedRuns() throws {
        let fixture = try PipelineFixture(["echo": .init(reply: { $0 + "." })])
        defer { fixture.close() }
        let thousand = (0..<1000).map { PipelineStep(name: "s\($0)", agent: "echo") }
        let error = refusedField(fixture, thousand)
        #expect(error?.field == "steps" && error?.message.contains("at most 100 steps") == true)

        // The deepest nesting there can be: every step depending on the one before, 100 deep, with
        // the last using the first's output through the whole chain.
        var chain = (0..<100).map { PipelineStep(name: "s\($0)", agent: "echo", dependsOn: $0 == 0 ? [] : ["s\($0 - 1)"]) }
        chain[99].input = "{{steps.s0.output}}!"
        try fixture.define("deep", chain)
        let run = try fixture.run("deep", input: "x")
        #expect(run.status == .completed)
        #expect(run.output == "x.!.")
        #expect(fixture.invoker.calls.count == 100)

        // A cycle through the whole chain is found without recursion.
        chain[0].dependsOn = ["s99"]
        chain[99].input = nil
        #expect(refusedField(fixture, chain)?.message.contains("cycle") == true)
    }

    /// Definitions are kept until deleted, so a user's number of them is bounded; replacing one
    /// at the limit still works.
    @Test func aUserKeepsAtMostTheirQuotaOfPipelines() throws {
        let fixture = try PipelineFixture(["echo": .init()])
        defer { fixture.close() }
        let steps = [PipelineStep(name: "one", agent: "echo")]
        let limit = fixture.pipelines.configuration.maxPipelinesPerUser
        for index in 0..<limit { _ = try fixture.define("kept-\(index)", steps) }
        let refused = refusal { try fixture.define("one-too-many", steps) }
        #expect(refused?.code == .limitExceeded, "\(String(describing: refused))")
        #expect(try fixture.pipelines.definitions(for: PipelineFixture.alice).count == limit, "nothing more was stored")
        _ = try fixture.pipelines.save(PipelineDraft(name: "kept-0", description: "replaced", steps: steps), by: PipelineFixture.alice, replacing: true)
    }

    @Test func namesAreUniquePerOwnerAndOthersPipelinesAreNotFound() throws {
        let fixture = try PipelineFixture(["echo": .init()])
        defer { fixture.close() }
        let steps = [PipelineStep(name: "one", agent: "echo")]
        let first = try fixture.define("shared-name", steps)
        #expect(refusal { try fixture.define("shared-name", steps) }?.code == .conflict)
        let (replaced, created) = try fixture.pipelines.save(
            PipelineDraft(name: "shared-name", description: "new", steps: steps + [PipelineStep(name: "two", agent: "echo")]),
            by: PipelineFixture.alice, replacing: true)
        #expect(!created && replaced.pipelineId == first.pipelineId && replaced.steps.count == 2 && replaced.createdAt == first.createdAt)

        #expect(refusal { _ = try fixture.pipelines.definition(named: "shared-name", for: PipelineFixture.bob) }?.code == .notFound)
        #expect(refusal { _ = try fixture.pipelines.start(named: "shared-name", input: "x", by: PipelineFixture.bob, wait: .untilDone) }?.code == .notFound)
        #expect(refusal { _ = try fixture.pipelines.delete(named: "shared-name", for: PipelineFixture.bob) }?.code == .notFound)
        #expect(try fixture.pipelines.definitions(for: PipelineFixture.bob).isEmpty)
        // bob's agents are not alice's: the invoker refuses them for him.
        #expect(refusal { _ = try fixture.pipelines.save(PipelineDraft(name: "bobs", steps: steps), by: PipelineFixture.bob, replacing: false) }?.field == "steps[0].agent")
        #expect(refusal { _ = try fixture.pipelines.save(PipelineDraft(name: "No Spaces", steps: steps), by: PipelineFixture.alice, replacing: false) }?.field == "name")
    }

    @Test func runInputsAreChecked() throws {
        let fixture = try PipelineFixture(["echo": .init()])
        defer { fixture.close() }
        try fixture.define("checked", [PipelineStep(name: "one", agent: "echo")])
        #expect(refusal { _ = try fixture.run("checked", input: String(repeating: "x", count: 40_000)) }?.field == "input")
        #expect(refusal { _ = try fixture.run("checked", variables: ["a.b": "x"]) }?.field == "variables")
        #expect(try fixture.pipelines.runs(ofPipeline: "checked", for: PipelineFixture.alice, limit: 10, offset: 0).total == 0)
    }

    @Test func withoutAnInvokerPipelinesAreStoredButDoNotRun() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        let agent = try services.agents.create(AgentDraft(name: "lonely", personality: .test, resources: .init(replicas: 0)), by: PipelineFixture.alice)
        let steps = [PipelineStep(name: "byName", agent: "lonely"), PipelineStep(name: "byId", agent: agent.agentId)]
        _ = try services.pipelines.save(PipelineDraft(name: "stored", steps: steps), by: PipelineFixture.alice, replacing: false)
        let error = refusal { _ = try services.pipelines.start(named: "stored", input: "x", by: PipelineFixture.alice, wait: .untilDone) }
        #expect(error?.code == .unavailable)
        #expect(try services.pipelines.runs(ofPipeline: "stored", for: PipelineFixture.alice, limit: 10, offset: 0).total == 0)
        // Another user's agent, by id, is not one a pipeline may use.
        let other = refusal { _ = try services.pipelines.save(PipelineDraft(name: "theirs", steps: [steps[1]]), by: PipelineFixture.bob, replacing: false) }
        #expect(other?.field == "steps[0].agent")
    }
}
