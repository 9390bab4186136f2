import Foundation
import LaunchpadController
import LaunchpadDomain
import LaunchpadKubernetesRuntime
import LaunchpadTestSupport
import Testing

/// The kubernetes driver under the real controller, against a real API server with its controller
/// manager and scheduler (scripts/kubernetes/), and the project's own kubelet. Each test has a
/// namespace of its own; they run one after another, as they share the cluster (and some restart
/// its API server).
@Suite(.serialized)
struct KubernetesDriverTests {
    static func agentId() -> String {
        "agent-" + String(format: "%010x", UInt64.random(in: 0..<(1 << 40)))
    }

    @Test func createScaleUpdateRestartAndDelete() throws {
        let harness = try DriverHarness("lifecycle")
        let id = Self.agentId()
        let started = Date()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED") { harness.records.status(id) == .deployed }
        #expect(harness.records.transitions.map(\.status) == [.deploying, .deployed])
        #expect(Date().timeIntervalSince(started) < 10)

        let deployment = try #require(try harness.object("\(harness.deploymentsPath)/\(id)"))
        let metadata = try #require(deployment["metadata"] as? [String: Any])
        let labels = try #require(metadata["labels"] as? [String: String])
        #expect(labels["launchpad.dev/agent-id"] == id)
        #expect(labels["launchpad.dev/owner"] == "user-lifecycle")
        #expect(labels["launchpad.dev/instance"] == "launchpad")
        let spec = try #require(deployment["spec"] as? [String: Any])
        let strategy = try #require(spec["strategy"] as? [String: Any])
        #expect((strategy["rollingUpdate"] as? [String: Any])?["maxUnavailable"] as? Int == 0)
        let podSpec = try #require(((spec["template"] as? [String: Any])?["spec"]) as? [String: Any])
        let container = try #require((podSpec["containers"] as? [[String: Any]])?.first)
        let resources = try #require(container["resources"] as? [String: [String: String]])
        #expect(resources["requests"]?["cpu"] == "250m" && resources["limits"]?["cpu"] == "250m")
        #expect(resources["limits"]?["memory"] == "64Mi" || resources["limits"]?["memory"] == String(64 << 20))
        #expect(((container["readinessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String == "/health")
        #expect(container["image"] as? String == KubernetesReplicaDriver.Configuration.referenceAgentImage)
        let uid = try #require(metadata["uid"] as? String)

        let base = "/api/v1/namespaces/\(harness.namespace)"
        let configMap = try #require(try harness.object("\(base)/configmaps/\(id)"))
        let character = try #require((configMap["data"] as? [String: String])?["character.json"])
        #expect(character.contains("\"name\" : \"\(id)\""))
        #expect(!character.contains("discord-secret"), "secrets never go into the ConfigMap")
        let secret = try #require(try harness.object("\(base)/secrets/\(id)"))
        let token = try #require((secret["data"] as? [String: String])?["DISCORD_API_TOKEN"])
        #expect(Data(base64Encoded: token).map { String(decoding: $0, as: UTF8.self) } == "discord-secret-lifecycle")
        let service = try #require(try harness.object("\(base)/services/\(id)"))
        for owned in [configMap, secret, service] {
            let owners = ((owned["metadata"] as? [String: Any])?["ownerReferences"] as? [[String: Any]]) ?? []
            #expect(owners.map { $0["uid"] as? String } == [uid], "owned by the Deployment")
        }
        let ready = harness.controller.readyEndpoints(of: id)
        #expect(ready.count == 1 && ready[0].host.hasPrefix("10.244.") && ready[0].port == 8080)

        harness.change(id, status: .scaling, replicas: 2)
        try harness.wait("2 replicas DEPLOYED") {
            harness.records.status(id) == .deployed && harness.controller.observe(id).readyReplicas == 2
        }
        let before = Set(try harness.list(harness.podsPath).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
        #expect(before.count == 2)

        // A rolling update: never fewer than 2 ready while generation 2 replaces generation 1.
        harness.change(id, status: .deploying, generation: 2)
        var fewest = 2
        try harness.wait("generation 2 DEPLOYED") {
            fewest = min(fewest, harness.driver.observe(agentId: id, now: Date()).replicas.filter(\.isReady).count)
            let replicas = harness.driver.observe(agentId: id, now: Date()).replicas
            return harness.records.status(id) == .deployed && replicas.count == 2 && replicas.allSatisfy { $0.generation == 2 && $0.isReady }
        }
        #expect(fewest == 2, "maxUnavailable 0: the ready replicas never drop below the desired count")
        let updated = Set(harness.driver.observe(agentId: id, now: Date()).replicas.map(\.name))
        #expect(updated.isDisjoint(with: before), "every pod was replaced")

        harness.change(id, status: .restarting, generation: 3)
        try harness.wait("restart DEPLOYED") {
            let replicas = harness.driver.observe(agentId: id, now: Date()).replicas
            return harness.records.status(id) == .deployed && replicas.count == 2 && replicas.allSatisfy { $0.generation == 3 && $0.isReady }
        }
        let annotations = ((((try harness.object("\(harness.deploymentsPath)/\(id)"))?["spec"] as? [String: Any])?["template"] as? [String: Any])?["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        #expect(annotations?["launchpad.dev/generation"] == "3", "a restart is a new pod template annotation")
        #expect(Set(harness.driver.observe(agentId: id, now: Date()).replicas.map(\.name)).isDisjoint(with: updated))

        harness.change(id, status: .deleting)
        try harness.wait("the record removed") { harness.records.agent(id) == nil }
        try harness.wait("the Deployment and what it owned gone") {
            try ["\(harness.deploymentsPath)/\(id)", "\(base)/configmaps/\(id)", "\(base)/secrets/\(id)", "\(base)/services/\(id)"]
                .allSatisfy { try harness.object($0) == nil }
        }
        try harness.wait("the pods gone") { try harness.list(harness.podsPath).isEmpty }
    }

    @Test func aPodThatNeverGetsReadyFailsTheAgentWithTheReason() throws {
        let harness = try DriverHarness("never-ready", image: "test.local/never-ready:1", startTimeout: 3)
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("FAILED") { harness.records.status(id) == .failed }
        let reason = try #require(harness.records.transitions.last?.reason)
        #expect(reason.contains("health probe never passed within 3 s"), "\(reason)")
        #expect(reason.contains("containers with unready status: [agent]"), "\(reason)")
        try harness.wait("its Deployment removed") { try harness.object("\(harness.deploymentsPath)/\(id)") == nil }
    }

    @Test func anImageThatCannotBePulledFailsTheAgent() throws {
        let harness = try DriverHarness("unpullable", image: "test.local/unpullable:1")
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("FAILED") { harness.records.status(id) == .failed }
        let reason = try #require(harness.records.transitions.last?.reason)
        #expect(reason.hasPrefix("image pull failed (ErrImagePull)"), "\(reason)")
    }

    @Test func aContainerInACrashLoopFailsTheAgent() throws {
        let harness = try DriverHarness("crashing", image: "test.local/crashing:1")
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("FAILED") { harness.records.status(id) == .failed }
        let reason = try #require(harness.records.transitions.last?.reason)
        #expect(reason.contains("crash loop back-off"), "\(reason)")
    }

    @Test func aQuotaRefusedByTheAPIServerFailsTheAgent() throws {
        let harness = try DriverHarness("quota", start: false)
        try harness.admin.send("POST", "/api/v1/namespaces/\(harness.namespace)/resourcequotas", body: Array(#"""
            {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"no-pods"},"spec":{"hard":{"pods":"0"}}}
            """#.utf8))
        try harness.startLaunchpad()
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("FAILED") { harness.records.status(id) == .failed }
        let reason = try #require(harness.records.transitions.last?.reason)
        #expect(reason.hasPrefix("the API server refused the agent's pods:") && reason.contains("exceeded quota"), "\(reason)")
    }

    @Test func aLaunchpadStartedAgainAdoptsItsDeploymentsAndRemovesThoseOfDeletedAgents() throws {
        let harness = try DriverHarness("adoption")
        let (kept, deleted) = (Self.agentId(), Self.agentId())
        harness.add(kept, replicas: 2)
        harness.add(deleted, replicas: 1)
        try harness.wait("both DEPLOYED") { harness.records.status(kept) == .deployed && harness.records.status(deleted) == .deployed }
        let pods = Set(harness.driver.observe(agentId: kept, now: Date()).replicas.map(\.name))
        // Another launchpad beside it, on the same namespace with another instance label, sees none of it.
        harness.abandonLaunchpad()
        harness.records.drop(deleted)
        try harness.startLaunchpad()
        try harness.wait("the deleted agent's Deployment removed") { try harness.object("\(harness.deploymentsPath)/\(deleted)") == nil }
        #expect(Set(harness.driver.observe(agentId: kept, now: Date()).replicas.map(\.name)) == pods, "adopted, not replaced")
        #expect(harness.controller.observe(kept).readyReplicas == 2)
        let deployments = try harness.list(harness.deploymentsPath)
        #expect(deployments.count == 1, "no duplicate Deployment")
        #expect(harness.records.status(kept) == .deployed)
    }

    @Test func twoInstancesInOneNamespaceNeverTouchEachOthersObjects() throws {
        let first = try DriverHarness("instances")
        let id = Self.agentId()
        first.add(id, replicas: 1)
        try first.wait("DEPLOYED") { first.records.status(id) == .deployed }
        var configuration = KubernetesReplicaDriver.Configuration(namespace: first.namespace)
        configuration.instance = "other"
        let other = KubernetesReplicaDriver(client: try first.cluster.client(), configuration: configuration, log: { _ in })
        defer { other.shutdown() }
        #expect(other.recover().isEmpty, "the other instance adopts nothing of the first")
        #expect(other.observe(agentId: id, now: Date()).replicas.isEmpty)
    }

    @Test func watchesSurviveAnAPIServerRestart() throws {
        let harness = try DriverHarness("restart")
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED") { harness.records.status(id) == .deployed }
        try harness.cluster.restartAPIServer()
        harness.change(id, status: .scaling, replicas: 3)
        try harness.wait("3 replicas DEPLOYED after the restart", seconds: 45) {
            harness.records.status(id) == .deployed && harness.controller.observe(id).readyReplicas == 3
        }
    }

    @Test func podLogsAreFollowedAcrossARestartWithoutDuplicates() throws {
        let harness = try DriverHarness("logs")
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED") { harness.records.status(id) == .deployed }
        let pod = try #require(harness.driver.observe(agentId: id, now: Date()).replicas.first?.name)
        try harness.wait("the pod's first lines") { harness.logLines.contains { $0.line.hasSuffix("started (restart 0)") } }
        #expect(harness.logLines.allSatisfy { $0.agentId == id && $0.replicaName == pod })
        // The container restarts: its follow ends, and the new container's lines follow.
        try harness.admin.send(
            "PATCH", "\(harness.podsPath)/\(pod)", body: Array(#"{"metadata":{"annotations":{"test.launchpad/restart":"1"}}}"#.utf8),
            contentType: "application/merge-patch+json")
        try harness.wait("the restarted container's lines") { harness.logLines.contains { $0.line.hasSuffix("started (restart 1)") } }
        // The API server goes away under the follow: it resumes from the last line's time.
        try harness.cluster.restartAPIServer()
        let count = harness.logLines.count
        try harness.wait("lines after the API server's restart", seconds: 30) { harness.logLines.count >= count + 2 }
        let lines = harness.logLines.map(\.line)
        #expect(Set(lines).count == lines.count, "no line twice: \(lines)")
    }
}

/// What runs Launchpad itself in a cluster (deploy/kubernetes/), against the same API server. In
/// the same serialized suite: one test restarting the API server must not disturb another.
extension KubernetesDriverTests {
    static var manifests: String { RepositoryPaths.root + "/deploy/kubernetes" }

    @Test func aLaunchpadWithOnlyTheRolesVerbsRunsItsAgents() throws {
        let harness = try DriverHarness("role", start: false)
        try harness.cluster.kubectl(["apply", "-n", harness.namespace, "-f", Self.manifests + "/role.yaml"])
        try harness.admin.send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/\(harness.namespace)/rolebindings", body: Array(#"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"launchpad-user"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"launchpad"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"launchpad"}]}
            """#.utf8))
        try harness.startLaunchpad(user: "launchpad")
        let id = Self.agentId()
        harness.add(id, replicas: 1)
        try harness.wait("DEPLOYED") { harness.records.status(id) == .deployed }
        // The Role grants no nodes (only a ClusterRole can): the health report says so, and still
        // measures the API server; metrics.k8s.io's pods are in the Role.
        let health = try #require(harness.driver.clusterHealth)
        #expect(health.reachable && health.nodes == nil && health.responseTime != nil)
        #expect(health.reason?.contains("may not list the cluster's nodes") == true, "\(health.reason ?? "")")
        #expect(harness.driver.measuresUsage)
        harness.change(id, status: .restarting, generation: 2, replicas: 2)
        try harness.wait("restarted with 2 replicas") {
            harness.records.status(id) == .deployed && harness.controller.observe(id).readyReplicas == 2
        }
        try harness.wait("log lines through pods/log") { !harness.logLines.isEmpty }
        harness.change(id, status: .deleting)
        try harness.wait("deleted") {
            let gone = try harness.object("\(harness.deploymentsPath)/\(id)") == nil
            return gone && harness.records.agent(id) == nil
        }
        // Nothing beyond the Role: the cluster's nodes, another namespace's pods.
        let restricted = try harness.cluster.client("launchpad")
        #expect(throws: KubernetesError.self) { try restricted.send("GET", "/api/v1/nodes") }
        #expect(throws: KubernetesError.self) { try restricted.send("GET", "/api/v1/namespaces/default/pods") }
    }

    @Test func theDeployManifestsAreAcceptedByTheAPIServer() throws {
        let cluster = try TestCluster.shared()
        let namespace = try cluster.makeNamespace("manifests")
        let output = try cluster.kubectl(["apply", "--dry-run=server", "-n", namespace, "-f", Self.manifests])
        for object in ["role.rbac.authorization.k8s.io/launchpad", "serviceaccount/launchpad", "rolebinding.rbac.authorization.k8s.io/launchpad",
                       "statefulset.apps/launchpad", "configmap/launchpad-nginx", "service/launchpad", "ingress.networking.k8s.io/launchpad"] {
            #expect(output.contains(object), "\(object) in: \(output)")
        }
    }
}
