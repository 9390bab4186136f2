#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadKubernetesRuntime
import LaunchpadTestSupport
import Testing

/// The real binary: `launchpad up --runtime kubernetes --kubeconfig …` behind nginx, on a real data
/// directory, with the agents on the test cluster.
extension KubernetesDriverTests {
    @Test func launchpadKilledWithSIGKILLAndStartedAgainAdoptsItsAgents() throws {
        let cluster = try TestCluster.shared()
        let namespace = try cluster.makeNamespace("sigkill")
        let admin = try cluster.client()
        let fixture = try AgentFixture(extraArguments: [
            "--runtime", "kubernetes", "--kubeconfig", cluster.kubeconfigs["admin"]!, "--kubernetes-namespace", namespace,
        ])
        defer { fixture.server.stop() }
        let id = try fixture.create("on-kubernetes", replicas: 2, platforms: ["discord": ["token": "discord-token-e2e"]])
        let started = Date()
        try fixture.wait(id, status: "DEPLOYED", timeout: 30)
        let seconds = Date().timeIntervalSince(started)
        print("kubernetes: create → DEPLOYED through launchpad up and the API server in \(String(format: "%.2f", seconds)) s")
        #expect(seconds < 15, "create → DEPLOYED in \(seconds) s")
        func podNames() throws -> Set<String> {
            let list = try JSONSerialization.jsonObject(with: Data(try admin.send("GET", "/api/v1/namespaces/\(namespace)/pods"))) as? [String: Any]
            return Set(((list?["items"] as? [[String: Any]]) ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
        }
        let before = try podNames()
        #expect(before.count == 2)
        let logs = try fixture.waitForLogs(id) { $0.contains { $0.hasSuffix("started (restart 0)") } }
        #expect(logs.contains { $0.hasSuffix("started (restart 0)") }, "the pods' lines reach the agent's log: \(logs)")

        let responder = fixture.server.responderPid
        kill(responder, SIGKILL)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if fixture.server.responderPid != responder, let health = try? fixture.server.client.send(method: "GET", path: "/api/health"), health.status == 200 { break }
            usleep(100_000)
        }
        #expect(fixture.server.responderPid != responder, "launchpad up started the responder again")
        try fixture.wait(id, status: "DEPLOYED", timeout: 20)
        usleep(1_000_000)
        let deployments = try JSONSerialization.jsonObject(with: Data(try admin.send("GET", "/apis/apps/v1/namespaces/\(namespace)/deployments"))) as? [String: Any]
        #expect((deployments?["items"] as? [Any])?.count == 1, "no duplicate Deployment")
        #expect(try podNames() == before, "the same pods, adopted")
        let status = try fixture.request("GET", "/api/agents/\(id)/status")
        #expect(status.body["status"] == .string("DEPLOYED"), "\(status)")
        #expect(fixture.server.log().contains("adopted replicas of an earlier run"))

        let deleted = try fixture.request("DELETE", "/api/agents/\(id)")
        #expect(deleted.status < 300, "\(deleted)")
        let gone = Date().addingTimeInterval(20)
        while Date() < gone, try !podNames().isEmpty { usleep(200_000) }
        #expect(try podNames().isEmpty, "deleting the agent removes its pods")
    }
}
