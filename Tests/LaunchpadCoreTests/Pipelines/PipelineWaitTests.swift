import Foundation
import LaunchpadCore
import LaunchpadDomain
import Testing

/// A synchronous start's wait: it ends when the caller leaves (the run goes on without it), and one
/// user's waits stop at their share of `maxWaitingRuns`.
struct PipelineWaitTests {
    @Test func aWaitEndsWhenTheCallerLeavesAndTheRunGoesOn() throws {
        // The first step answers only once the gate opens, after the caller has left.
        let gate = DispatchSemaphore(value: 0)
        let fixture = try PipelineFixture(["slow": .init(reply: { gate.wait(); return $0 }), "echo": .init()])
        defer { fixture.close() }
        try fixture.define("long", [PipelineStep(name: "slow", agent: "slow"), PipelineStep(name: "after", agent: "echo")])
        let waitsBegun = Tally()
        let began = Date()
        let wait = RunWait(beforeWaiting: { waitsBegun.add() }, callerLeft: { Date().timeIntervalSince(began) > 0.2 })
        let answered = try fixture.pipelines.start(named: "long", input: "x", by: PipelineFixture.alice, wait: wait)
        let waited = Date().timeIntervalSince(began)
        #expect(answered.status == .running, "the caller left before the run ended")
        #expect(waited < 2, "the wait ended \(waited) s after the start (the caller left at 0.2 s)")
        #expect(waitsBegun.count == 1)
        gate.signal()
        let ended = try fixture.waitFor(answered.runId) { $0.status != .running }
        #expect(ended.status == .completed)
        #expect(ended.steps.map(\.status) == [.completed, .completed])
    }

    @Test func aUsersWaitsStopAtTheirShareAndTheirPlacesComeBack() throws {
        var configuration = Services.Configuration()
        configuration.pipelines.maxWaitingRunsPerUser = 2
        // The steps answer only once the gate opens: the two waits are still waiting at the third start.
        let gate = DispatchSemaphore(value: 0)
        let fixture = try PipelineFixture(["slow": .init(reply: { gate.wait(); gate.signal(); return $0 })], configuration: configuration)
        defer { fixture.close() }
        try fixture.define("long", [PipelineStep(name: "slow", agent: "slow")])
        let waiting = DispatchGroup()
        let completed = Tally()
        let pipelines = fixture.pipelines
        for _ in 0..<2 {
            DispatchQueue.global().async(group: waiting) {
                if (try? pipelines.start(named: "long", input: "x", by: PipelineFixture.alice, wait: .untilDone))?.status == .completed { completed.add() }
            }
        }
        let deadline = Date().addingTimeInterval(5)
        while try fixture.pipelines.runs(ofPipeline: "long", for: PipelineFixture.alice, limit: 1, offset: 0).total < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let refused = refusal { _ = try fixture.run("long") }
        #expect(refused?.code == .limitExceeded)
        #expect(refused?.message.contains("synchronous runs waiting") == true, "\(String(describing: refused))")
        // An asynchronous start holds no place.
        #expect(try fixture.pipelines.start(named: "long", input: "x", by: PipelineFixture.alice, wait: nil).status == .running)
        gate.signal()
        waiting.wait()
        #expect(completed.count == 2)
        #expect(try fixture.run("long").status == .completed, "the places came back when the waits ended")
    }
}

/// A count shared with closures on other threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
