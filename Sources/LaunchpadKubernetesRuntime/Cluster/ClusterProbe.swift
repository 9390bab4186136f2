import Foundation
import LaunchpadDomain
import LaunchpadThreads
import Logging

/// What the driver learns of the cluster on a timer of its own, never per health request or per
/// agent: whether the API server answers and how fast (a list of the nodes, from its watch cache),
/// the nodes ready of total, and the pods' CPU and memory from `metrics.k8s.io` when the cluster
/// serves it. Two requests a pass.
final class ClusterProbe: @unchecked Sendable {
    struct Findings: Sendable {
        var reachable = false
        var responseTime: Duration?
        var nodes: Int?
        var readyNodes: Int?
        var checkedAt: Date?
        var reason: String?
        /// Whether the last pass read `metrics.k8s.io`.
        var metricsServed = false
        /// By pod name.
        var usage: [String: ResourceUsage] = [:]
    }

    private let client: KubernetesClient
    private let metricsPath: String
    private let interval: TimeInterval
    private let logger: Logger
    private let lock = NSLock()
    private var current = Findings()
    private var loop: BackgroundLoop?

    init(client: KubernetesClient, namespace: String, selectorQuery: String, interval: TimeInterval, logger: Logger) {
        self.client = client
        metricsPath = "/apis/metrics.k8s.io/v1beta1/namespaces/\(namespace)/pods?\(selectorQuery)"
        self.interval = interval
        self.logger = logger
    }

    /// Probes at once, then every `interval`, on a thread of its own.
    func start() {
        loop = BackgroundLoop(name: "cluster probe", interval: interval) { [unowned self] in probe() }
        loop?.wake()
    }

    func stop() {
        loop?.stop()
    }

    var findings: Findings { lock.withLock { current } }

    /// One pass: the nodes, then the metrics.
    func probe() {
        var found = Findings()
        let start = ContinuousClock.now
        do {
            let nodes = try client.get("/api/v1/nodes?resourceVersion=0", as: ObjectList<Node>.self)
            found.responseTime = ContinuousClock.now - start
            found.reachable = true
            found.nodes = nodes.items.count
            found.readyNodes = nodes.items.filter(\.isReady).count
        } catch where error.status != 0 {
            // Answered, but not with the nodes: the service account may not list them.
            found.responseTime = ContinuousClock.now - start
            found.reachable = true
            found.reason = error.status == 403
                ? "launchpad may not list the cluster's nodes (it needs get/list on nodes, a ClusterRole): \(error.message)"
                : "the nodes cannot be listed: \(error)"
        } catch {
            found.reason = error.message
        }
        found.checkedAt = Date()
        if found.reachable { readMetrics(into: &found) }
        let was = lock.withLock { () -> Findings in
            defer { current = found }
            return current
        }
        if was.reachable != found.reachable || was.metricsServed != found.metricsServed {
            logger.info("cluster probed", metadata: [
                "reachable": "\(found.reachable)", "metricsServed": "\(found.metricsServed)", "reason": "\(found.reason ?? "")",
            ])
        }
    }

    /// The pods' figures, when the cluster serves metrics.k8s.io; otherwise none, so that they
    /// stay unmeasured.
    private func readMetrics(into found: inout Findings) {
        do {
            let list = try client.get(metricsPath, as: ObjectList<PodMetrics>.self)
            found.metricsServed = true
            for pod in list.items {
                if let usage = pod.usage { found.usage[pod.metadata.name] = usage }
            }
        } catch where error.status == 404 || error.status == 503 {
            // Not served (no metrics server, or its APIService unavailable): nothing is measured.
        } catch {
            logger.warning("cannot read metrics.k8s.io", metadata: ["error": "\(error)"])
        }
    }
}
