import Foundation
import LaunchpadController
import LaunchpadDomain
import Testing

/// PAUSED, resume, the operations' progress reports and the heartbeat, with the fake driver.
struct PausePolicyTests {
    typealias Harness = ControllerPolicyTests.Harness
    let start = Date(timeIntervalSince1970: 1_000_000)

    /// An agent of `replicas` replicas, deployed.
    func deployed(_ replicas: Int) throws -> Harness {
        let harness = try Harness(now: start) { $0.put("a", status: .queued, replicas: replicas) }
        harness.pass()
        harness.driver.makeReady("a")
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        return harness
    }

    @Test func pausingStopsEveryReplicaAndResumingBringsTheSameCountBack() throws {
        let harness = try deployed(3)
        harness.change("a", status: .paused, replicas: 3)
        harness.pass()
        #expect(harness.driver.running("a").isEmpty)
        #expect(harness.records.status("a") == .paused, "the controller leaves a paused agent paused")
        #expect(harness.controller.observe("a") == AgentObservation())
        #expect(harness.controller.replicaTotals().desired == 0)
        #expect(harness.events.lines.contains { $0.message == "Agent paused: 3 replicas stopped" })
        harness.pass(after: 60)
        #expect(harness.driver.running("a").isEmpty, "nothing restarts a paused agent")
        harness.change("a", status: .scaling, replicas: 3)
        harness.pass()
        #expect(harness.driver.running("a").count == 3)
        harness.driver.makeReady("a")
        harness.pass()
        #expect(harness.records.status("a") == .deployed)
        #expect(harness.controller.observe("a").readyReplicas == 3)
    }

    @Test func aPausedAgentScaledWhilePausedResumesWithTheNewCount() throws {
        let harness = try deployed(1)
        harness.change("a", status: .paused, replicas: 1)
        harness.pass()
        harness.change("a", status: .paused, replicas: 4)
        harness.pass()
        #expect(harness.driver.running("a").isEmpty, "scaling a paused agent starts nothing")
        harness.change("a", status: .scaling, replicas: 4)
        harness.pass()
        #expect(harness.driver.running("a").count == 4)
    }

    @Test func theRecordsHearWhenTheControllerBeginsAndWhenWhatRunsMatches() throws {
        let harness = try deployed(2)
        #expect(harness.records.begun == ["a QUEUED 2", "a DEPLOYING 2"])
        harness.pass()
        #expect(harness.records.settled == ["a DEPLOYED 2"], "once per revision")
        harness.change("a", status: .scaling, replicas: 3)
        harness.pass()
        #expect(harness.records.settled == ["a DEPLOYED 2"], "not while a replica is starting")
        harness.driver.makeReady("a")
        harness.pass()
        harness.pass()
        #expect(harness.records.settled == ["a DEPLOYED 2", "a DEPLOYED 3"])
        harness.change("a", status: .paused, replicas: 3)
        harness.pass()
        #expect(harness.records.settled.last == "a PAUSED 3")
        #expect(!harness.records.begun.contains { $0.contains("PAUSED") } )
    }

    @Test func aReplicaWhoseHeartbeatStopsIsRestartedWithALifecycleLine() throws {
        let harness = try deployed(2)
        let silent = harness.driver.running("a")[0].name
        let other = harness.driver.running("a")[1].name
        for _ in 0..<8 {
            harness.pass(after: 10)
            harness.driver.heartbeat("a", except: [silent])
        }
        #expect(harness.driver.running("a").map(\.name).contains(silent), "80 s without a heartbeat is still within 90 s")
        harness.pass(after: 11)
        #expect(!harness.driver.running("a").map(\.name).contains(silent))
        #expect(harness.driver.stopped == [silent])
        #expect(harness.driver.running("a").map(\.name).contains(other), "the replica that kept beating stays")
        #expect(harness.driver.running("a").count == 2, "a replacement is started at once")
        #expect(harness.events.missedHeartbeats == [silent])
        #expect(harness.events.lines.contains { $0.level == "WARN" && $0.message.hasPrefix("Replica \(silent) missed its heartbeat") })
        #expect(harness.records.status("a") != .failed)
        #expect(harness.controller.replicaTotals().restarts == 1)
    }

    @Test func aDriverThatReportsNoHeartbeatsHasNoneEnforced() throws {
        let adopted = [ReplicaReport(name: "a-1-x", generation: 1, readySince: start, startedAt: start)]
        let harness = try Harness(now: start, leftovers: ["a": adopted]) { $0.put("a", status: .deployed, replicas: 1) }
        for _ in 0..<5 { harness.pass(after: 60) }
        #expect(harness.driver.running("a").map(\.name) == ["a-1-x"])
        #expect(harness.events.missedHeartbeats.isEmpty)
    }
}
