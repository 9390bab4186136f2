import Foundation
import LaunchpadDomain
import Logging

/// The `kubernetes` runtime: each agent a Deployment in one namespace (with its ConfigMap, Secret
/// and Service, see `AgentManifests`), applied with server-side apply and rolled out by the
/// cluster. Deployments and pods are followed with watches (`ObjectWatch`); what the controller
/// asks (`observe`) is answered from what the watches keep, never with a request, and each change
/// wakes it (`changed`). Objects carry the instance label, so two launchpads with different
/// namespaces or instances never touch each other's; a launchpad that starts again adopts its
/// Deployments. Each pod's log is followed into the log collection (`PodLogFollowers`).
///
/// Stopping launchpad stops the watches, not the agents: they keep running on the cluster, and
/// the next start adopts them.
public final class KubernetesReplicaDriver: ReplicaDriver, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var namespace: String
        /// The value of the `launchpad.dev/instance` label on everything this launchpad makes.
        public var instance = "launchpad"
        /// The agents' image (the reference agent's by default).
        public var image = Configuration.referenceAgentImage
        /// The container's command; the character file is at /etc/launchpad/character.json.
        public var command = ["launchpad", "agent-runtime", "--character", "/etc/launchpad/character.json"]
        /// The port the agent listens on in its pod (`PORT`).
        public var port = 8080
        public var progressDeadlineSeconds = 600
        /// Whether each pod's log is followed into the log collection.
        public var followLogs = true
        /// How launchpad reaches the pods for invocations: `.direct` to the pod IPs (launchpad in the
        /// cluster, or on its pod network), `.proxy` through the API server's pod proxy.
        public var podNetwork = PodNetwork.direct
        /// How often the API server's reachability, the nodes and the pods' metrics are read
        /// (`clusterHealth`, `usage`).
        public var probeInterval: TimeInterval = 10

        public static let referenceAgentImage = "launchpad/agent-runtime:latest"

        public enum PodNetwork: String, Sendable, CaseIterable {
            case direct, proxy
        }

        public init(namespace: String) {
            self.namespace = namespace
        }
    }

    public let configuration: Configuration
    public let name = "kubernetes"
    public let rollout = RolloutStrategy.driverOwned
    public let client: KubernetesClient
    private let logger: Logger
    private var changeHandler: (@Sendable (String) -> Void)?
    private var deployments: ObjectWatch<Deployment>!
    private var pods: ObjectWatch<Pod>!
    private var followers: PodLogFollowers?
    private let probe: ClusterProbe
    private let lock = NSLock()
    /// Container restarts already reported, by pod uid.
    private var reportedRestarts: [String: Int] = [:]

    /// Starts the watches.
    /// - Parameter log: receives every line the pods write; it must not block.
    public init(
        client: KubernetesClient, configuration: Configuration, log: @escaping @Sendable (ReplicaLogLine) -> Void,
        logger: Logger = Logger(label: "launchpad.kubernetes")
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        let namespace = configuration.namespace
        let selector = "\(AgentManifests.instanceLabel)=\(configuration.instance)"
        probe = ClusterProbe(
            client: client, namespace: namespace, selectorQuery: ObjectWatch<Pod>.selectorQuery(selector), interval: configuration.probeInterval, logger: logger)
        if configuration.followLogs {
            followers = PodLogFollowers(client: client, namespace: namespace, container: AgentManifests.containerName, log: log, logger: logger)
        }
        deployments = ObjectWatch(client: client, path: "/apis/apps/v1/namespaces/\(namespace)/deployments", selector: selector, indexLabel: AgentManifests.agentLabel, logger: logger) { [weak self] old, new in
            if let agentId = (new ?? old)?.metadata.labels?[AgentManifests.agentLabel] { self?.changed(agentId) }
        }
        pods = ObjectWatch(client: client, path: "/api/v1/namespaces/\(namespace)/pods", selector: selector, indexLabel: AgentManifests.agentLabel, logger: logger) { [weak self] old, new in
            self?.podChanged(old: old, new: new)
        }
        deployments.start()
        pods.start()
        probe.start()
    }

    /// Tells `handler` the agent id whenever one of its objects changes (the controller's `agentChanged`).
    public func onChange(_ handler: @escaping @Sendable (String) -> Void) {
        lock.withLock { changeHandler = handler }
    }

    private func changed(_ agentId: String) {
        lock.withLock { changeHandler }?(agentId)
    }

    /// Waits for the first lists, then adopts the replicas of every Deployment with this
    /// launchpad's labels (the controller stops those whose agent no longer exists).
    public func recover() -> [String: [ReplicaReport]] {
        let synced = deployments.waitUntilSynced(timeout: 15) && pods.waitUntilSynced(timeout: 15)
        if !synced { logger.error("the API server did not answer the first lists within 15 s; adopting nothing yet") }
        probe.probe()
        var adopted: [String: [ReplicaReport]] = [:]
        for deployment in deployments.items {
            guard let agentId = deployment.metadata.labels?[AgentManifests.agentLabel] else { continue }
            adopted[agentId] = observe(agentId: agentId, now: Date()).replicas
        }
        return adopted
    }

    /// Whether both watches have read their first list: for the health report and tests.
    public var isSynced: Bool { deployments.isSynced && pods.isSynced }

    /// Lists each watch made (one at start, one after each 410 Gone), for tests.
    public var lists: Int { deployments.lists + pods.lists }

    public func startReplica(_ template: ReplicaTemplate) throws(DriverFailure) -> ReplicaReport {
        throw DriverFailure("the kubernetes runtime rolls out by itself")
    }

    public func stopReplica(agentId: String, name: String) {}

    public func apply(_ template: ReplicaTemplate, replicas: Int) throws(DriverFailure) {
        guard AgentManifests.isValidName(template.agentId) else { throw DriverFailure("the agent id '\(template.agentId)' cannot name a Kubernetes object") }
        let manifests = AgentManifests(configuration: configuration, template: template, replicas: replicas)
        do {
            let deployment = try applyObject("/apis/apps/v1/namespaces/\(configuration.namespace)/deployments/\(manifests.name)", manifests.deployment())
            struct Applied: Decodable { var metadata: ObjectMeta }
            guard let uid = (try? JSONDecoder().decode(Applied.self, from: Data(deployment)))?.metadata.uid else {
                throw DriverFailure("the API server's answer to the Deployment's apply has no uid")
            }
            let base = "/api/v1/namespaces/\(configuration.namespace)"
            try applyObject("\(base)/configmaps/\(manifests.name)", try manifests.configMap(owner: uid))
            try applyObject("\(base)/secrets/\(manifests.name)", manifests.secret(owner: uid))
            try applyObject("\(base)/services/\(manifests.name)", manifests.service(owner: uid))
        } catch let failure as DriverFailure {
            throw failure
        } catch let error as KubernetesError {
            throw DriverFailure(error.status == 403 ? "the API server refused the agent's objects: \(error.message)" : "cannot apply the agent's objects: \(error)")
        } catch {
            throw DriverFailure("cannot write the agent's character file: \(error)")
        }
    }

    @discardableResult
    private func applyObject(_ path: String, _ object: [String: Any]) throws -> [UInt8] {
        // Apply documents are YAML, of which JSON is a part, but not JSON's `\/`.
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return try client.send("PATCH", path + "?fieldManager=launchpad&force=true", body: Array(body), contentType: "application/apply-patch+yaml")
    }

    public func observe(agentId: String, now: Date) -> DriverObservation {
        let deployment = deployments.items(labelled: agentId).first { $0.metadata.name == agentId }
        let current = pods.items(labelled: agentId).filter {
            $0.metadata.deletionTimestamp == nil && $0.status?.phase != "Succeeded" && $0.status?.phase != "Failed"
        }
        var observation = DriverObservation()
        observation.replicas = current.map(replica).sorted { $0.startedAt < $1.startedAt }
        observation.terminations = restarts(of: current)
        if let deployment {
            var progress = PodReport.progress(deployment)
            let generation = PodReport.generation(of: deployment.metadata)
            progress.failure = progress.failure ?? current.filter { PodReport.generation(of: $0.metadata) == generation }.lazy.compactMap(PodReport.failure).first
            observation.rollout = progress
        }
        return observation
    }

    /// The pod as a replica; with `.proxy`, its endpoint goes through the API server's pod proxy,
    /// with launchpad's credentials.
    private func replica(_ pod: Pod) -> ReplicaReport {
        var replica = PodReport.replica(pod, port: configuration.port)
        if configuration.podNetwork == .proxy, replica.endpoint != nil {
            let credentials = client.credentials
            replica.endpoint?.gateway = ReplicaGateway(
                host: credentials.host, port: credentials.port,
                pathPrefix: "/api/v1/namespaces/\(configuration.namespace)/pods/\(pod.metadata.name):\(configuration.port)/proxy",
                authorization: "Bearer \(credentials.token)", authority: credentials.authority)
        }
        return replica
    }

    private func podChanged(old: Pod?, new: Pod?) {
        guard let pod = new ?? old, let agentId = pod.metadata.labels?[AgentManifests.agentLabel] else { return }
        if new == nil, let uid = pod.metadata.uid { lock.withLock { reportedRestarts[uid] = nil } }
        followers?.update(agentId: agentId, name: pod.metadata.name, pod: new)
        changed(agentId)
    }

    /// Containers the cluster restarted since the last observation, as ends of their replica.
    private func restarts(of pods: [Pod]) -> [ReplicaTermination] {
        lock.withLock {
            var ends: [ReplicaTermination] = []
            for pod in pods {
                guard let uid = pod.metadata.uid else { continue }
                let count = pod.status?.containerStatuses?.reduce(0) { $0 + ($1.restartCount ?? 0) } ?? 0
                let before = reportedRestarts[uid]
                reportedRestarts[uid] = count
                guard let before, count > before else { continue }
                ends.append(ReplicaTermination(name: pod.metadata.name, generation: PodReport.generation(of: pod.metadata), reason: PodReport.lastEnd(pod)))
            }
            return ends
        }
    }

    /// The agents' CPU and memory come from `metrics.k8s.io` when the cluster serves it; without
    /// it they stay unmeasured rather than invented.
    public var measuresUsage: Bool { probe.findings.metricsServed }

    /// The agent's pods' figures from the probe's last read of `metrics.k8s.io`; a pod the metrics
    /// server has not measured yet is absent.
    public func usage(agentId: String) -> [String: ResourceUsage] {
        let measured = probe.findings.usage
        var usage: [String: ResourceUsage] = [:]
        for pod in pods.items(labelled: agentId) {
            if let figures = measured[pod.metadata.name] { usage[pod.metadata.name] = figures }
        }
        return usage
    }

    /// The API server as the probe last found it, with the pods the watch keeps.
    public var clusterHealth: ClusterHealth? {
        let found = probe.findings
        let current = pods.items
        return ClusterHealth(
            reachable: found.reachable, responseTime: found.responseTime, nodes: found.nodes, readyNodes: found.readyNodes,
            pods: current.count, readyPods: current.filter(PodReport.isReady).count, namespace: configuration.namespace,
            checkedAt: found.checkedAt, reason: found.reason)
    }

    /// Deletes the agent's Deployment; the cluster's garbage collector deletes its pods and the
    /// objects it owns.
    public func stopAll(agentId: String) {
        guard AgentManifests.isValidName(agentId) else { return }
        delete("/apis/apps/v1/namespaces/\(configuration.namespace)/deployments/\(agentId)")
    }

    /// Deletes what the Deployment owned at once, rather than waiting for the garbage collector.
    public func forget(agentId: String) {
        guard AgentManifests.isValidName(agentId) else { return }
        let base = "/api/v1/namespaces/\(configuration.namespace)"
        for kind in ["configmaps", "secrets", "services"] { delete("\(base)/\(kind)/\(agentId)") }
    }

    private func delete(_ path: String) {
        do {
            try client.send("DELETE", path, body: Array(#"{"propagationPolicy":"Background"}"#.utf8))
        } catch where error.status == 404 {
        } catch {
            logger.warning("delete failed", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    /// Stops following the cluster; the agents keep running there.
    public func shutdown() {
        probe.stop()
        deployments.stop()
        pods.stop()
        followers?.stopAll()
    }
}
