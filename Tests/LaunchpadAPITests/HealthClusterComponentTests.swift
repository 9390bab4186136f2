import Foundation
@testable import LaunchpadAPI
@testable import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// `/api/health`'s `kubernetes` component (seed 001): present only when the runtime runs agents on
/// a cluster, with the seed's `nodes` and `pods`, and judged by the health rule.
struct HealthClusterComponentTests {
    final class ClusterRuntime: AgentControl {
        let clusterHealth: ClusterHealth?
        init(_ health: ClusterHealth?) { clusterHealth = health }
        let runtimeName = "kubernetes"
        func agentChanged(_ agentId: String) {}
        func observe(_ agentId: String) -> AgentObservation { AgentObservation() }
        func measure(_ agentId: String) -> AgentMeasurements { AgentMeasurements() }
        func replicaTotals() -> ReplicaTotals { ReplicaTotals() }
        func readyEndpoints(of agentId: String) -> [ReplicaEndpoint] { [] }
    }

    private func answer(_ health: ClusterHealth?) throws -> (HealthReport, [String: Any]) {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        services.agents.attach(ClusterRuntime(health))
        let report = services.health.report()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSON.encode(HealthReportAnswer(report)))) as? [String: Any])
        return (report, try #require(object["components"] as? [String: Any]))
    }

    @Test func aReachableClusterIsHealthyWithTheSeedsNodesAndPods() throws {
        let health = ClusterHealth(
            reachable: true, responseTime: .microseconds(3_456), nodes: 3, readyNodes: 3, pods: 15, readyPods: 14, namespace: "agents",
            checkedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let (report, components) = try answer(health)
        #expect(report.status == .healthy)
        let kubernetes = try #require(components["kubernetes"] as? [String: Any])
        #expect(kubernetes["status"] as? String == "HEALTHY")
        #expect(kubernetes["nodes"] as? Int == 3 && kubernetes["readyNodes"] as? Int == 3)
        #expect(kubernetes["pods"] as? Int == 15 && kubernetes["readyPods"] as? Int == 14)
        #expect(kubernetes["responseTime"] as? String == "3.46ms")
        #expect(kubernetes["reachable"] as? Bool == true)
        #expect(kubernetes["namespace"] as? String == "agents")
        #expect(kubernetes["checkedAt"] as? String == "2023-11-14T22:13:20Z")
        #expect(kubernetes["reason"] == nil)
    }

    @Test func anUnreachableAPIServerDegradesTheReport() throws {
        let health = ClusterHealth(reachable: false, namespace: "agents", checkedAt: Date(), reason: "the API server 10.0.0.1:6443 cannot be reached: timed out")
        let (report, components) = try answer(health)
        #expect(report.status == .degraded)
        let kubernetes = try #require(components["kubernetes"] as? [String: Any])
        #expect(kubernetes["status"] as? String == "DEGRADED")
        #expect((kubernetes["reason"] as? String)?.contains("cannot be reached") == true)
        #expect(kubernetes["nodes"] == nil && kubernetes["responseTime"] == nil)
    }

    @Test func noReadyNodeDegradesTheReportAndNodesNotListableOnlySaySo() throws {
        let none = try answer(ClusterHealth(reachable: true, responseTime: .milliseconds(2), nodes: 2, readyNodes: 0, namespace: "agents", checkedAt: Date()))
        #expect(none.0.status == .degraded)
        #expect(none.0.components.cluster?.reason == "none of the cluster's 2 nodes is ready")
        let forbidden = try answer(ClusterHealth(reachable: true, responseTime: .milliseconds(2), namespace: "agents", checkedAt: Date(), reason: "launchpad may not list the cluster's nodes"))
        #expect(forbidden.0.status == .healthy)
        #expect((forbidden.1["kubernetes"] as? [String: Any])?["reason"] as? String == "launchpad may not list the cluster's nodes")
    }

    @Test func theLocalRuntimeHasNoKubernetesComponent() throws {
        let (report, components) = try answer(nil)
        #expect(report.components.cluster == nil)
        #expect(components["kubernetes"] == nil)
    }
}
