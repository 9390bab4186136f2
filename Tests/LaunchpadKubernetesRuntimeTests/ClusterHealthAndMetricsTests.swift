import Foundation
import LaunchpadController
import LaunchpadCore
import LaunchpadDomain
import LaunchpadKubernetesRuntime
import LaunchpadTestSupport
import Testing

/// `/api/health`'s `kubernetes` component and the agents' CPU and memory from metrics.k8s.io,
/// against the real API server (its aggregation layer serving the project's metrics server).
extension KubernetesDriverTests {
    @Test func theClusterHealthCountsTheNodesAndTheAgentsPods() throws {
        let harness = try DriverHarness("health")
        let id = Self.agentId()
        harness.add(id, replicas: 2)
        try harness.wait("DEPLOYED") { harness.records.status(id) == .deployed }
        try harness.wait("both pods ready in the health report") { harness.driver.clusterHealth?.readyPods == 2 }
        let health = try #require(harness.driver.clusterHealth)
        #expect(health.reachable)
        #expect(health.nodes == 1 && health.readyNodes == 1, "the kubelet's one node: \(health)")
        #expect(health.pods == 2)
        #expect(health.namespace == harness.namespace)
        #expect(health.responseTime.map { $0 > .zero && $0 < .seconds(10) } == true)
        #expect(health.checkedAt != nil)
        let component = HealthService.judge(health)
        #expect(component.status == .healthy, "\(component)")
        // The report is read from what the probe and the watches keep: no request per call.
        let before = harness.driver.client.requestCount
        for _ in 0..<100 { _ = harness.driver.clusterHealth }
        #expect(harness.driver.client.requestCount - before <= 2, "at most one probe pass meanwhile")
    }

    @Test func anAPIServerThatCannotBeReachedMakesTheClusterDegraded() throws {
        let cluster = try TestCluster.shared()
        var credentials = cluster.credentials()
        credentials.port = try LaunchpadProcess.freePort()
        var configuration = KubernetesReplicaDriver.Configuration(namespace: "nowhere")
        configuration.probeInterval = 0.2
        let driver = KubernetesReplicaDriver(client: try KubernetesClient(credentials: credentials, timeout: .seconds(1)), configuration: configuration, log: { _ in })
        defer { driver.shutdown() }
        let deadline = Date().addingTimeInterval(10)
        while driver.clusterHealth?.checkedAt == nil && Date() < deadline { usleep(50_000) }
        let health = try #require(driver.clusterHealth)
        #expect(!health.reachable)
        #expect(health.nodes == nil && health.responseTime == nil)
        let component = HealthService.judge(health)
        #expect(component.status == .degraded)
        #expect(component.reason?.contains("cannot be reached") == true, "\(component.reason ?? "")")
        #expect(!driver.measuresUsage)
    }

    @Test func theAgentsCPUAndMemoryComeFromMetricsK8sIO() throws {
        let cluster = try TestCluster.shared()
        try #require(cluster.podAddress != nil, "this machine has no global IPv4 address for the real agents' pods")
        let harness = try DriverHarness("metrics", start: false)
        let port = try LaunchpadProcess.freePort()
        try harness.startLaunchpad(image: "launchpad/agent-runtime:real") {
            $0.probeInterval = 1
            $0.port = port
        }
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED by the real agent's readiness", seconds: 60) { harness.records.status(id) == .deployed }
        try harness.wait("figures from metrics.k8s.io", seconds: 30) { (harness.controller.measure(id).memoryBytes ?? 0) > 0 }
        let measured = harness.controller.measure(id)
        #expect(harness.driver.measuresUsage)
        // A reference agent holds a few MiB resident; its CPU is small but measured.
        #expect((1 << 20)...(1 << 30) ~= measured.memoryBytes ?? 0, "memory \(measured.memoryBytes ?? -1)")
        #expect(measured.cpuCores.map { $0 >= 0 && $0 < 4 } == true, "cpu \(measured.cpuCores ?? -1)")

        // A pod with no process behind it has no metrics: its figures stay unmeasured.
        let fake = try DriverHarness("unmeasured")
        let other = Self.agentId()
        fake.add(other, replicas: 1)
        try fake.wait("DEPLOYED") { fake.records.status(other) == .deployed }
        try fake.wait("a pod seen by a sample") { fake.controller.observe(other).runningReplicas == 1 }
        Thread.sleep(forTimeInterval: 3)
        #expect(fake.controller.measure(other).memoryBytes == nil)
        #expect(fake.controller.measure(other).cpuCores == nil)
    }

}
