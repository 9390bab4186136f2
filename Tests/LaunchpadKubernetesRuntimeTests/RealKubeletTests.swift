#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// End to end on a real node: `launchpad up --runtime kubernetes` runs the reference agent in real
/// pods (containerd, runc, the kubelet built from the same tree), with the image made from the
/// launchpad binary under test. Everything, launchpad and nginx included, runs in a network namespace
/// the node made, so no traffic leaves it. It runs after the other Kubernetes tests (the suite is
/// serialized) and fails, saying why, where a real node cannot run (it needs root and cgroups).
extension KubernetesDriverTests {
    @Test func aRealKubeletRunsTheReferenceAgent() throws {
        let node = try RealNode()
        defer { node.stop() }
        try node.withinNetworkNamespace {
            let admin = node.kubeconfigs["admin"]!
            let fixture = try AgentFixture(extraArguments: [
                "--runtime", "kubernetes", "--kubeconfig", admin, "--kubernetes-namespace", "default",
            ])
            defer { fixture.server.stop() }
            let id = try fixture.create("on-a-real-node", replicas: 1, platforms: ["discord": ["token": "discord-token-real-node"]])
            let started = Date()
            do {
                try fixture.wait(id, status: "DEPLOYED", timeout: 120)
            } catch {
                Issue.record("not DEPLOYED: \(error)\nkubelet: \(node.log("kubelet"))\ncontainerd: \(node.log("containerd"))")
                return
            }
            let seconds = Date().timeIntervalSince(started)
            print("kubernetes: create → DEPLOYED on a real node (pull from the imported image, runc, readiness probe) in \(String(format: "%.2f", seconds)) s")

            // Real readiness: the kubelet's probe on the pod's address made the pod Ready.
            let pods = try Self.json(node.kubectl(admin, ["get", "pods", "-l", "launchpad.dev/agent-id=\(id)", "-o", "json"]))
            let pod = try #require((pods["items"] as? [[String: Any]])?.first)
            let status = try #require(pod["status"] as? [String: Any])
            let podIP = try #require(status["podIP"] as? String)
            #expect(podIP.hasPrefix(node.podSubnet.components(separatedBy: ".0/").first! + "."), "the pod's address \(podIP) is on the CNI bridge \(node.podSubnet)")
            let conditions = (status["conditions"] as? [[String: Any]]) ?? []
            #expect(conditions.contains { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" })
            let container = try #require((status["containerStatuses"] as? [[String: Any]])?.first)
            #expect(container["image"] as? String == "docker.io/\(node.image)", "the image imported from the tar: \(container)")
            #expect((container["containerID"] as? String)?.hasPrefix("containerd://") == true, "\(container)")

            // The agent is a real process in its own PID and mount namespaces (runc), with its platform token from the Secret.
            let pids = AgentFixture.pids(of: id)
            #expect(pids.count == 1, "one agent process on this machine: \(pids)")
            if let pid = pids.first {
                #expect(Self.namespace("pid", of: pid) != Self.namespace("pid", of: getpid()), "the agent runs in a PID namespace of its own")
                #expect(Self.namespace("net", of: pid) != Self.namespace("net", of: getpid()), "the agent runs in the pod's network namespace")
                let environment = (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)) ?? ""
                #expect(environment.split(separator: "\0").contains("DISCORD_API_TOKEN=discord-token-real-node"), "the Secret reaches the container's environment")
            }

            // Its log comes back through launchpad's API, followed from the pod.
            let logs = try fixture.waitForLogs(id, timeout: 30) { $0.contains { $0.contains("Agent started successfully") } }
            #expect(logs.contains { $0.contains("Listening on http://0.0.0.0:8080") }, "the pod's lines reach the agent's log: \(logs)")
            let entries = try fixture.request("GET", "/api/agents/\(id)/logs?lines=100").body["logs"]
            #expect("\(String(describing: entries))".contains(pod["metadata"].flatMap { ($0 as? [String: Any])?["name"] as? String } ?? "?"),
                    "the lines name the pod")

            // One invocation reaches the agent in its pod.
            let reply = try fixture.request("POST", "/api/agents/\(id)/message", #"{"message":"hello from the real node test"}"#)
            #expect(reply.status == 200, "\(reply)")
            #expect("\(reply.body)".contains("hello from the real node test"), "the agent's reply: \(reply)")

            #expect(try fixture.request("DELETE", "/api/agents/\(id)").status < 300)
            let gone = Date().addingTimeInterval(60)
            while Date() < gone, !AgentFixture.pids(of: id).isEmpty { usleep(200_000) }
            #expect(AgentFixture.pids(of: id).isEmpty, "deleting the agent stops its container")
        }
    }

    private static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private static func namespace(_ kind: String, of pid: Int32) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(kind)")) ?? "?"
    }
}
