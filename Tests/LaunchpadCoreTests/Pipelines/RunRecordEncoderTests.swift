import Foundation
@testable import LaunchpadCore
import LaunchpadStore
import Testing

/// The record a run's coordinator writes at each step is the run's own JSON, byte for byte, though
/// it encodes only the steps that changed.
struct RunRecordEncoderTests {
    @Test func theRecordIsTheRunsJSONAsItChanges() throws {
        let plan = (0..<3).map { PipelineStep(name: "s\($0)", agent: "echo", input: #"{"plan":[],"steps":[]} {{input}}"#) }
        var run = PipelineRun(
            runId: "run-1", pipelineId: "pl-1", pipelineName: "tricky", ownerId: "user-1", status: .running,
            input: #""plan":[] and "steps":[] in the input"#, variables: ["plan": "[]", "steps": #""steps":[]"#],
            plan: plan, steps: plan.map { StepRun(name: $0.name) }, output: nil, error: nil, startedAt: Date(timeIntervalSince1970: 1_700_000_000.25),
            endedAt: nil, resumes: [])
        var encoder = RunRecordEncoder()
        #expect(try encoder.encode(run) == ValueCoding.encode(run))

        run.steps[0].status = .completed
        run.steps[0].output = #"an output with "steps":[] and "plan":[]"#
        run.steps[0].usage = StepUsage(inputTokens: 3, outputTokens: 4)
        run.steps[1].status = .running
        run.steps[1].startedAt = Date(timeIntervalSince1970: 1_700_000_001.5)
        run.resumes.append(RunResume(at: Date(timeIntervalSince1970: 1_700_000_002), fromStep: "s1"))
        #expect(try encoder.encode(run) == ValueCoding.encode(run))

        run.steps[1].status = .failed
        run.steps[1].error = "timed out"
        run.steps[2].status = .skipped
        run.status = .failed
        run.error = "step 's1' failed"
        run.endedAt = Date(timeIntervalSince1970: 1_700_000_003)
        let record = try encoder.encode(run)
        #expect(record == (try ValueCoding.encode(run)))
        #expect(try ValueCoding.decode(PipelineRun.self, from: record) == run)
    }
}
