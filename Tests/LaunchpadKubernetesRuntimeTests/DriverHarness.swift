import Foundation
import LaunchpadController
import LaunchpadControllerTestSupport
import LaunchpadDomain
import LaunchpadKubernetesRuntime

/// A controller (the real one, on its own thread) over the kubernetes driver in a namespace of its
/// own on the test cluster, with agent records in a dictionary and the pods' log lines kept.
final class DriverHarness: @unchecked Sendable {
    let cluster: TestCluster
    let namespace: String
    let records = FakeRecords()
    let events = RecordedEvents()
    let admin: KubernetesClient
    private(set) var driver: KubernetesReplicaDriver!
    private(set) var controller: Controller!
    private let lock = NSLock()
    private var collected: [ReplicaLogLine] = []
    let startTimeout: TimeInterval

    init(_ name: String, namespace: String? = nil, image: String? = nil, user: String = "admin", startTimeout: TimeInterval = 30, start: Bool = true) throws {
        cluster = try TestCluster.shared()
        admin = try cluster.client()
        self.namespace = try namespace ?? cluster.makeNamespace(name)
        self.startTimeout = startTimeout
        records.environment = ["DISCORD_API_TOKEN": "discord-secret-\(name)"]
        records.memoryBytes = 64 << 20
        records.millicores = 250
        records.ownerId = "user-\(name)"
        if start { try startLaunchpad(image: image, user: user) }
    }

    /// A driver and a controller, as `launchpad serve --runtime kubernetes` makes them.
    func startLaunchpad(image: String? = nil, user: String = "admin", configure: (inout KubernetesReplicaDriver.Configuration) -> Void = { _ in }) throws {
        var configuration = KubernetesReplicaDriver.Configuration(namespace: namespace)
        if let image { configuration.image = image }
        configure(&configuration)
        driver = KubernetesReplicaDriver(
            client: try cluster.client(user), configuration: configuration,
            log: { [weak self] line in self?.lock.withLock { self?.collected.append(line) } })
        var policy = ControllerConfiguration()
        policy.startTimeout = startTimeout
        policy.sampleInterval = 1
        let controller = Controller(records: records, driver: driver, events: events, configuration: policy)
        self.controller = controller
        driver.onChange { [weak controller] in controller?.agentChanged($0) }
        try controller.start()
    }

    /// What a SIGKILL leaves: the watches end, nothing on the cluster is touched.
    func abandonLaunchpad() {
        controller.stop()
    }

    func add(_ agentId: String, replicas: Int) {
        records.put(agentId, status: .queued, replicas: replicas)
        controller.agentChanged(agentId)
    }

    func change(_ agentId: String, status: AgentStatus, generation: Int? = nil, replicas: Int? = nil) {
        let current = records.agent(agentId)
        records.put(agentId, status: status, generation: generation ?? current?.generation ?? 1, replicas: replicas ?? current?.replicas ?? 1)
        controller.agentChanged(agentId)
    }

    var logLines: [ReplicaLogLine] { lock.withLock { collected } }

    /// The object at `path` as JSON, nil when it does not exist.
    func object(_ path: String) throws -> [String: Any]? {
        do {
            return try JSONSerialization.jsonObject(with: Data(try admin.send("GET", path))) as? [String: Any]
        } catch let error as KubernetesError where error.status == 404 {
            return nil
        }
    }

    func list(_ path: String) throws -> [[String: Any]] {
        (try object(path)?["items"] as? [[String: Any]]) ?? []
    }

    var deploymentsPath: String { "/apis/apps/v1/namespaces/\(namespace)/deployments" }
    var podsPath: String { "/api/v1/namespaces/\(namespace)/pods" }

    /// Waits up to `seconds` for `condition`, failing with `what` and the agent transitions so far.
    func wait(_ what: String, seconds: TimeInterval = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(50_000)
        }
        throw TestCluster.Failure(description: "waited \(Int(seconds)) s for \(what); transitions: \(records.transitions.map { "\($0.agentId) \($0.status.rawValue) \($0.reason)" })")
    }

    deinit {
        controller?.stop()
        _ = try? admin.send("DELETE", "/api/v1/namespaces/\(namespace)")
    }
}
