import Foundation
import LaunchpadDomain
import Testing

/// Watches, not polling: what the driver asks of the API server per agent, with the time to reconcile many.
extension KubernetesDriverTests {
    @Test func manyAgentsReachDEPLOYEDWithFewRequestsEach() throws {
        let harness = try DriverHarness("budget")
        let count = Int(ProcessInfo.processInfo.environment["LAUNCHPAD_KUBERNETES_AGENTS"] ?? "") ?? 40
        let ids = (0..<count).map { _ in Self.agentId() }
        let requestsBefore = harness.driver.client.requestCount
        let started = Date()
        for id in ids { harness.add(id, replicas: 1) }
        try harness.wait("\(count) agents DEPLOYED", seconds: 120) { ids.allSatisfy { harness.records.status($0) == .deployed } }
        let seconds = Date().timeIntervalSince(started)
        // Some seconds more: a driver that polls would keep asking.
        usleep(3_000_000)
        let perAgent = Double(harness.driver.client.requestCount - requestsBefore) / Double(count)
        print("kubernetes: \(count) agents of 1 replica DEPLOYED in \(String(format: "%.1f", seconds)) s, \(String(format: "%.1f", perAgent)) API requests per agent")
        #expect(perAgent < 10, "\(perAgent) requests per agent")
    }
}
