import Foundation
import LaunchpadController
import LaunchpadControllerTestSupport
import LaunchpadDomain
import Testing

/// The controller's policy with a fake driver: no process, no store, the test's own clock; each
/// test runs in milliseconds and the same way every time.
struct ControllerPolicyTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    /// A controller over a fake driver and records, prepared (recovery done) and not started: the
    /// test runs each pass with `pass(at:)`.
    final class Harness: @unchecked Sendable {
        let records = FakeRecords()
        let events = RecordedEvents()
        let driver: FakeDriver
        let controller: Controller
        var now: Date

        init(rollout: RolloutStrategy = .controllerSteps, now: Date, leftovers: [String: [ReplicaReport]] = [:], agents: (FakeRecords) -> Void = { _ in }) throws {
            self.now = now
            driver = FakeDriver(rollout: rollout, now: now)
            driver.leftovers = leftovers
            agents(records)
            var configuration = ControllerConfiguration()
            configuration.crashLimit = 3
            configuration.firstBackoff = 1
            configuration.startTimeout = 30
            controller = Controller(records: records, driver: driver, events: events, configuration: configuration)
            try controller.prepare()
        }

        /// Advances the clock by `seconds` and runs one pass.
        func pass(after seconds: TimeInterval = 0.1) {
            now = now.addingTimeInterval(seconds)
            driver.now = now
            controller.pass(now: now)
        }

        func change(_ agentId: String, status: AgentStatus, generation: Int? = nil, replicas: Int) {
            let current = records.agent(agentId)
            records.put(agentId, status: status, generation: generation ?? current?.generation ?? 1, replicas: replicas)
            controller.agentChanged(agentId)
        }

        var statuses: [AgentStatus] { records.transitions.map(\.status) }
    }

    @Test func deploysQueuedDeployingDeployed() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 2) }
        harness.pass()
        #expect(harness.driver.running("a").count == 2)
        #expect(harness.records.status("a") == .deploying)
        harness.pass()
        #expect(harness.records.status("a") == .deploying, "not ready yet")
        harness.driver.makeReady("a")
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        #expect(harness.statuses == [.deploying, .deployed])
        #expect(harness.events.firstDeployments == ["a"])
        #expect(harness.controller.observe("a").readyReplicas == 2)
        #expect(Set(harness.controller.readyEndpoints(of: "a").map(\.host)) == Set(harness.driver.running("a").compactMap(\.endpoint?.host)))
        #expect(harness.events.lines.contains { $0.message == "Agent deployed: 2 of 2 replicas ready" })
    }

    @Test func scalesUpThenDownStoppingTheNewest() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.pass()
        harness.driver.makeReady("a")
        harness.pass()
        harness.change("a", status: .scaling, replicas: 3)
        harness.pass()
        #expect(harness.driver.running("a").count == 3)
        #expect(harness.records.status("a") == .scaling)
        harness.driver.makeReady("a")
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        let oldest = harness.driver.running("a")[0].name
        harness.change("a", status: .scaling, replicas: 1)
        harness.pass()
        #expect(harness.driver.running("a").map(\.name) == [oldest], "the newest replicas are stopped")
        #expect(harness.records.status("a") == .deployed)
        #expect(harness.controller.replicaTotals() == ReplicaTotals(running: 1, desired: 1, shortAgents: 0, restarts: 0))
    }

    @Test func aRollingUpdateNeverHasFewerReadyReplicasThanAsked() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 2) }
        harness.pass()
        harness.driver.makeReady("a")
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        harness.change("a", status: .restarting, generation: 2, replicas: 2)
        var passes = 0
        while harness.records.status("a") != .deployed && passes < 50 {
            harness.pass()
            let ready = harness.driver.running("a").filter(\.isReady).count
            #expect(ready >= 2, "pass \(passes): \(ready) ready")
            #expect(harness.driver.running("a").count <= 3, "one extra replica at a time")
            harness.driver.makeReady("a", generation: 2)
            passes += 1
        }
        #expect(harness.records.status("a") == .deployed)
        #expect(harness.driver.running("a").allSatisfy { $0.generation == 2 && $0.isReady })
        #expect(harness.driver.stopped.count == 2, "each old replica stopped once")
    }

    @Test func aCrashLoopFailsTheAgentWithItsReasonAfterBackoffs() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.pass()
        harness.driver.makeReady("a")
        harness.pass()
        harness.driver.crash("a", reason: "exited with status 3")
        harness.pass()
        #expect(harness.driver.running("a").isEmpty, "not restarted before the backoff")
        harness.pass(after: 1.1)
        #expect(harness.driver.running("a").count == 1, "restarted after 1 s")
        harness.driver.crash("a", reason: "exited with status 3")
        harness.pass()
        harness.pass(after: 1.5)
        #expect(harness.driver.running("a").isEmpty, "the second backoff is 2 s")
        harness.pass(after: 0.6)
        #expect(harness.driver.running("a").count == 1)
        harness.driver.crash("a", reason: "exited with status 3")
        harness.pass()
        #expect(harness.records.status("a") == .failed)
        let reason = try #require(harness.records.transitions.last?.reason)
        #expect(reason.contains("crash loop: 3 exits") && reason.contains("exited with status 3"), "reason: \(reason)")
        #expect(harness.controller.replicaTotals().restarts == 3)
        harness.pass(after: 10)
        #expect(harness.driver.running("a").isEmpty, "a FAILED agent runs nothing")
    }

    @Test func aReplicaNeverReadyFailsTheAgentAtTheTimeout() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.pass()
        harness.pass(after: 29)
        #expect(harness.records.status("a") == .deploying)
        harness.pass(after: 2)
        #expect(harness.records.status("a") == .failed)
        #expect(harness.records.transitions.last?.reason.hasPrefix("health probe never passed within 30 s") == true)
        #expect(harness.driver.running("a").isEmpty)
    }

    @Test func aReplicaThatCannotStartFailsTheAgentWithTheDriversReason() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.driver.failure = "spawn failed: no such file"
        harness.pass()
        #expect(harness.records.status("a") == .failed)
        #expect(harness.records.transitions.last?.reason == "spawn failed: no such file")
    }

    @Test func deletingWhileScalingStopsEverythingAndRemovesTheRecord() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.pass()
        harness.driver.makeReady("a")
        harness.pass()
        harness.change("a", status: .scaling, replicas: 4)
        harness.pass()
        #expect(harness.driver.running("a").count == 4)
        harness.change("a", status: .deleting, replicas: 4)
        harness.pass()
        #expect(harness.driver.running("a").isEmpty)
        #expect(harness.records.agent("a") == nil)
        #expect(harness.driver.forgotten == ["a"])
        #expect(harness.events.removals == ["a"])
        #expect(harness.controller.observe("a") == AgentObservation())
    }

    @Test func aTransitionDecidedOnAStaleRecordIsNotWritten() throws {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: 1) }
        let seen = try #require(harness.records.agent("a"))
        harness.records.put("a", status: .scaling, replicas: 2)
        try harness.records.recordTransition("a", expecting: seen, to: .deployed, reason: "stale", deployedAt: nil)
        #expect(harness.records.status("a") == .scaling)
    }

    @Test func aRestartedControllerAdoptsWhatTheDriverReportsOfTheCurrentGeneration() throws {
        let adopted = [
            ReplicaReport(name: "a-1-x", generation: 1, endpoint: ReplicaEndpoint(host: "10.0.0.9", port: 9), readySince: start, startedAt: start),
            ReplicaReport(name: "a-1-y", generation: 1, readySince: start, startedAt: start),
        ]
        let harness = try Harness(now: start, leftovers: ["a": adopted]) { $0.put("a", status: .deployed, replicas: 2) }
        harness.pass()
        #expect(harness.driver.running("a").map(\.name) == ["a-1-x", "a-1-y"], "nothing started twice, nothing stopped")
        #expect(harness.records.transitions.isEmpty, "still DEPLOYED")
        #expect(harness.controller.readyEndpoints(of: "a") == [ReplicaEndpoint(host: "10.0.0.9", port: 9)])
    }

    @Test func aRestartedControllerReplacesAdoptedReplicasOfAnOlderGeneration() throws {
        let adopted = [ReplicaReport(name: "a-1-x", generation: 1, readySince: start, startedAt: start)]
        let harness = try Harness(now: start, leftovers: ["a": adopted]) { $0.put("a", status: .restarting, generation: 2, replicas: 1) }
        for _ in 0..<5 {
            harness.pass()
            harness.driver.makeReady("a", generation: 2)
        }
        #expect(harness.driver.running("a").map(\.generation) == [2])
        #expect(harness.driver.stopped == ["a-1-x"])
        #expect(harness.records.status("a") == .deployed)
    }

    @Test func aDriverThatRollsOutByItselfIsGivenTheTargetAndItsProgressDecides() throws {
        let harness = try Harness(rollout: .driverOwned, now: start) { $0.put("a", status: .queued, replicas: 2) }
        harness.pass()
        #expect(harness.driver.applied["a"]?.replicas == 2)
        #expect(harness.driver.applied["a"]?.template.generation == 1)
        harness.driver.rollOut("a", ready: 1)
        harness.pass()
        #expect(harness.records.status("a") == .deploying)
        harness.driver.rollOut("a", ready: 2)
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        harness.change("a", status: .restarting, generation: 2, replicas: 2)
        harness.pass()
        #expect(harness.driver.applied["a"]?.template.generation == 2, "a restart is a new target")
        #expect(harness.records.status("a") == .restarting, "until the driver has observed generation 2")
        harness.driver.rollOut("a", ready: 2)
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
    }

    @Test func aDriverOwnedRolloutThatCannotSucceedFailsTheAgent() throws {
        let harness = try Harness(rollout: .driverOwned, now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.pass()
        harness.driver.rollOut("a", ready: 0, failure: "image pull failed: registry.local/agent:1 not found")
        harness.pass()
        #expect(harness.records.status("a") == .failed)
        #expect(harness.records.transitions.last?.reason == "image pull failed: registry.local/agent:1 not found")
        #expect(harness.driver.applied["a"] == nil, "its objects are removed")
    }

    @Test func adoptedReplicasOfAnAgentThatNoLongerExistsAreStopped() throws {
        let leftover = ReplicaReport(name: "gone-pod-0", generation: 1, startedAt: start)
        let kept = ReplicaReport(name: "a-pod-0", generation: 1, readySince: start, startedAt: start)
        let harness = try Harness(rollout: .driverOwned, now: start, leftovers: ["gone": [leftover], "a": [kept]]) {
            $0.put("a", status: .deployed, replicas: 1)
        }
        #expect(harness.driver.stopped == ["gone-pod-0"], "what an earlier run left for a deleted agent goes")
        #expect(harness.driver.forgotten == ["gone"])
        #expect(harness.driver.running("a").map(\.name) == ["a-pod-0"], "an existing agent's replicas are adopted")
    }

    @Test func aDriverThatMeasuresNothingLeavesUsageUnmeasured() throws {
        let harness = try Harness(rollout: .driverOwned, now: start) { $0.put("a", status: .queued, replicas: 1) }
        harness.driver.measuresUsage = false
        harness.pass()
        harness.driver.rollOut("a", ready: 1)
        harness.pass(after: 10)
        harness.pass(after: 10)
        #expect(harness.records.status("a") == .deployed)
        #expect(harness.controller.measure("a").memoryBytes == nil, "not 0: nothing was measured")
        #expect(harness.controller.measure("a").cpuCores == nil)
        #expect(harness.events.samples.isEmpty)
    }
}
