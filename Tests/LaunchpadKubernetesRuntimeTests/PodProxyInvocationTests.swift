import Foundation
import LaunchpadAgentProtocol
import LaunchpadController
import LaunchpadDomain
import LaunchpadKubernetesRuntime
import LaunchpadTestSupport
import Testing

/// Invocations of a real reference agent in a pod, from outside the cluster: through the API
/// server's pod proxy with launchpad's credentials (`--kubernetes-pod-network proxy`), and straight
/// to the pod's IP (`direct`, launchpad on the pods' network).
extension KubernetesDriverTests {
    @Test func invocationsReachARealAgentThroughTheAPIServersPodProxy() throws {
        let cluster = try TestCluster.shared()
        try #require(cluster.podAddress != nil, "this machine has no global IPv4 address for the real agents' pods")
        let harness = try DriverHarness("proxy", start: false)
        let port = try LaunchpadProcess.freePort()
        try harness.startLaunchpad(image: "launchpad/agent-runtime:real") {
            $0.podNetwork = .proxy
            $0.port = port
        }
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED by the real agent's readiness", seconds: 60) { harness.records.status(id) == .deployed }
        let endpoints = harness.controller.readyEndpoints(of: id)
        try #require(endpoints.count == 1, "\(endpoints)")
        let endpoint = endpoints[0]
        let gateway = try #require(endpoint.gateway)
        #expect(endpoint.host == cluster.podAddress && endpoint.port == port)
        #expect(gateway.pathPrefix.hasPrefix("/api/v1/namespaces/\(harness.namespace)/pods/\(id)-") && gateway.pathPrefix.hasSuffix(":\(port)/proxy"))

        let client = ReplicaClient()
        let request = InvocationRequest(messages: [.init(role: .user, content: "hello through the pod proxy")])
        let reply = try client.invoke(request, host: endpoint.host, port: endpoint.port, via: gateway)
        #expect(!reply.content.isEmpty)
        var tokens: [String] = []
        let streamed = try client.stream(request, host: endpoint.host, port: endpoint.port, via: gateway) { tokens.append($0) }
        #expect(!tokens.isEmpty && tokens.joined() == streamed.content, "\(tokens) against \(streamed.content)")

        // The same agent straight at the pod's address, as a launchpad on the pods' network reaches it.
        let direct = try client.invoke(request, host: endpoint.host, port: endpoint.port)
        #expect(direct.content == reply.content)

        // The gateway lets the call through on launchpad's credentials only.
        var stranger = gateway
        stranger.authorization = "Bearer not-a-token"
        #expect(throws: ReplicaCallFailure.self) { try client.invoke(request, host: endpoint.host, port: endpoint.port, via: stranger) }
    }

    /// The real binary with `--kubeconfig` (so `--kubernetes-pod-network proxy`): AgentOS messaging
    /// reaches the agent's pod through the API server, and the agent's url says why it cannot.
    @Test func launchpadUpOutsideTheClusterTalksToItsAgentsThroughThePodProxy() throws {
        let cluster = try TestCluster.shared()
        try #require(cluster.podAddress != nil, "this machine has no global IPv4 address for the real agents' pods")
        let namespace = try cluster.makeNamespace("up-proxy")
        let fixture = try AgentFixture(extraArguments: [
            "--runtime", "kubernetes", "--kubeconfig", cluster.kubeconfigs["admin"]!, "--kubernetes-namespace", namespace,
            "--agent-image", "launchpad/agent-runtime:real", "--kubernetes-agent-port", String(try LaunchpadProcess.freePort()),
        ])
        defer { fixture.server.stop() }
        let id = try fixture.create("proxied", replicas: 1)
        try fixture.wait(id, status: "DEPLOYED", timeout: 60)
        let reply = try fixture.request("POST", "/api/agents/\(id)/message", #"{"message":"hello from outside the cluster"}"#)
        #expect(reply.status == 200, "\(reply)")
        if case .string(let content)? = reply.body["content"] { #expect(!content.isEmpty) } else { Issue.record("no content: \(reply)") }

        let head = "GET /health HTTP/1.1\r\nHost: \(id).agents.localhost:\(fixture.server.port)\r\nConnection: close\r\n\r\n"
        let url = try fixture.server.client.sendRaw(Array(head.utf8))
        #expect(url.status == 503, "\(url.status)")
        #expect(String(decoding: url.body, as: UTF8.self).contains("--kubernetes-pod-network direct"), "\(String(decoding: url.body, as: UTF8.self))")
    }
}
