import Foundation
import LaunchpadAgentRuntime
import LaunchpadDomain
import LaunchpadRuntime
import Logging

/// The `local` runtime: each replica is a child process of launchpad, in `<agents>/<agentId>/`,
/// started from a command template (the reference agent by default, elizaOS with
/// `--agent-command`), with the character file written there and the platform secrets in its
/// environment only. Replicas run as their agent's own user, in a cgroup of their own with the
/// agent's CPU and memory, seeing only their own processes (`LocalIsolation`). Readiness is
/// `GET /health` on the replica's loopback port; CPU and memory come from the cgroup, or /proc.
/// The controller steps its rollouts.
public final class LocalReplicaDriver: ReplicaDriver, @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The replica command; `{launchpad}`, `{character}`, `{port}`, `{agentId}` and `{dir}` are replaced.
        public var agentCommand: String
        public var launchpadExecutable: String
        /// `<data>/agents`.
        public var agentsDirectory: String
        /// How often a ready replica is checked again.
        public var probeInterval: TimeInterval = 1
        public var probeTimeout: Duration = .milliseconds(500)
        public var stopGrace: Duration = .seconds(5)
        public var isolation = IsolationSettings()
        /// Runtime images by name, each a command template like `agentCommand`; a replica whose
        /// template names none of them runs `agentCommand`.
        public var images = ["reference": Configuration.referenceAgentCommand]

        public static let referenceAgentCommand = "{launchpad} agent-runtime --character {character}"

        public init(agentCommand: String = Configuration.referenceAgentCommand, launchpadExecutable: String, agentsDirectory: String) {
            self.agentCommand = agentCommand
            self.launchpadExecutable = launchpadExecutable
            self.agentsDirectory = agentsDirectory
        }
    }

    public let configuration: Configuration
    public let name = "local"
    public let rollout = RolloutStrategy.controllerSteps
    private let launcher: ProcessLauncher
    private let isolation: LocalIsolation
    private let logger: Logger
    private let lock = NSLock()
    private var replicas: [String: [String: LocalReplica]] = [:]

    /// - Parameter log: receives every line the replicas write, on the reading thread; it must not block.
    public init(configuration: Configuration, log: @escaping @Sendable (ReplicaLogLine) -> Void, logger: Logger = Logger(label: "launchpad.local")) {
        self.configuration = configuration
        self.logger = logger
        launcher = ProcessLauncher(launchpadExecutable: configuration.launchpadExecutable, output: log)
        isolation = LocalIsolation(
            settings: configuration.isolation, agentsDirectory: configuration.agentsDirectory,
            launchpadExecutable: configuration.launchpadExecutable, logger: logger)
    }

    public var limitations: String? { isolation.limitations }

    /// Stops the replicas an earlier run left in this data directory (they are not this process's
    /// children: their output cannot be read, nor their exit seen), with whatever they started in
    /// their cgroups, and adopts none.
    public func recover() -> [String: [ReplicaReport]] {
        let leftovers = LeftoverReplicas.find().filter { Self.runs(in: configuration.agentsDirectory, $0.pid) }
        if !leftovers.isEmpty {
            let stopped = LeftoverReplicas.stopAll(leftovers, grace: .seconds(2))
            logger.notice("stopped replicas left by an earlier run", metadata: ["count": "\(stopped)"])
        }
        let killed = isolation.recover()
        if killed > 0 {
            logger.notice("killed processes left in an earlier run's cgroups", metadata: ["count": "\(killed)"])
        }
        return [:]
    }

    public func startReplica(_ template: ReplicaTemplate) throws(DriverFailure) -> ReplicaReport {
        var cgroup: Cgroup?
        do {
            let (directory, user) = try isolation.workspace(for: template.agentId)
            let characterPath = (directory as NSString).appendingPathComponent("character.json")
            try isolation.write(try Character.fileContents(of: template.character), to: directory, "character.json", for: user)
            let port = try PortAllocator.freePort()
            let name = ReplicaName.make(agentId: template.agentId, generation: template.generation)
            let arguments = CommandTemplate.expand(template.image.flatMap { configuration.images[$0] } ?? configuration.agentCommand, values: [
                "launchpad": configuration.launchpadExecutable, "character": characterPath, "port": String(port),
                "agentId": template.agentId, "dir": directory,
            ])
            var environment = template.environment
            environment["PORT"] = String(port)
            // launchpad's own HOME is out of a replica's reach when it runs as its own user.
            if user != nil && environment["HOME"] == nil { environment["HOME"] = directory }
            let (replicaIsolation, dataLimit) = try isolation.replica(
                name, user: user, memoryBytes: template.memoryBytes, millicores: template.millicores)
            cgroup = replicaIsolation.cgroup
            let spec = ReplicaSpec(
                agentId: template.agentId, replicaName: name, arguments: arguments, workingDirectory: directory,
                environment: environment, memoryLimitBytes: dataLimit, isolation: replicaIsolation)
            let process = try launcher.start(spec)
            lock.withLock {
                replicas[template.agentId, default: [:]][name] = LocalReplica(process: process, port: port, generation: template.generation)
            }
            logger.info("replica started", metadata: [
                "agentId": "\(template.agentId)", "pod": "\(name)", "pid": "\(process.pid)", "port": "\(port)",
                "uid": "\(user.map { String($0.uid) } ?? "launchpad's")",
            ])
            return report(name, LocalReplica(process: process, port: port, generation: template.generation))
        } catch {
            cgroup?.remove()
            throw DriverFailure("spawn failed: \(error)")
        }
    }

    public func stopReplica(agentId: String, name: String) {
        let replica = lock.withLock { replicas[agentId]?.removeValue(forKey: name) }
        _ = replica?.process.stop(grace: configuration.stopGrace)
    }

    public func apply(_ template: ReplicaTemplate, replicas: Int) throws(DriverFailure) {
        throw DriverFailure("the local runtime is stepped by the controller")
    }

    public func observe(agentId: String, now: Date) -> DriverObservation {
        var current = lock.withLock { replicas[agentId] ?? [:] }
        var observation = DriverObservation()
        var ended: [String] = []
        for (name, replica) in current {
            guard let exit = replica.process.exitStatus() else { continue }
            current[name] = nil
            ended.append(name)
            var reason = "\(exit)"
            if replica.process.outOfMemoryKills > 0 { reason += " (out of memory: its cgroup's limit)" }
            observation.terminations.append(ReplicaTermination(name: name, generation: replica.generation, reason: reason))
        }
        for (name, replica) in current {
            let due = replica.lastProbe.map { now.timeIntervalSince($0) >= configuration.probeInterval } ?? true
            guard replica.readySince == nil || due else { continue }
            var traffic = HealthProbeTraffic()
            let result = HealthProbe.check(port: replica.port, timeout: configuration.probeTimeout, traffic: &traffic)
            var probed = replica
            probed.lastProbe = now
            observation.probes.requests += 1
            observation.probes.bytesSent += traffic.bytesSent
            observation.probes.bytesReceived += traffic.bytesReceived
            switch result {
            case .healthy(let responseTime):
                observation.probes.successes += 1
                let components = responseTime.components
                probed.lastProbeMilliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
                probed.notReadyReason = nil
                probed.lastHeartbeat = now
                if probed.readySince == nil { probed.readySince = now }
            case .unhealthy(let reason):
                observation.probes.errors += 1
                probed.notReadyReason = reason
            }
            current[name] = probed
        }
        lock.withLock {
            // The probes ran unlocked: a replica stopped meanwhile stays stopped, one started
            // meanwhile stays.
            guard var stored = replicas[agentId] else { return }
            for name in ended { stored[name] = nil }
            for (name, replica) in current where stored[name] != nil { stored[name] = replica }
            replicas[agentId] = stored.isEmpty ? nil : stored
        }
        observation.replicas = current.map { report($0.key, $0.value) }.sorted { $0.startedAt < $1.startedAt }
        return observation
    }

    public func usage(agentId: String) -> [String: ResourceUsage] {
        let current = lock.withLock { replicas[agentId] ?? [:] }
        var usage: [String: ResourceUsage] = [:]
        for (name, replica) in current {
            usage[name] = replica.process.usage()
        }
        return usage
    }

    public func stopAll(agentId: String) {
        let stopping = lock.withLock { replicas.removeValue(forKey: agentId).map { Array($0.values) } ?? [] }
        guard !stopping.isEmpty else { return }
        stop(stopping)
        logger.info("replicas stopped", metadata: ["agentId": "\(agentId)", "count": "\(stopping.count)"])
    }

    public func forget(agentId: String) {
        try? FileManager.default.removeItem(atPath: directory(of: agentId))
        isolation.forget(agentId)
    }

    public func shutdown() {
        let stopping = lock.withLock { () -> [LocalReplica] in
            defer { replicas.removeAll() }
            return replicas.values.flatMap(\.values)
        }
        stop(stopping)
        isolation.shutdown()
    }

    private func stop(_ stopping: [LocalReplica]) {
        DispatchQueue.concurrentPerform(iterations: stopping.count) { index in
            _ = stopping[index].process.stop(grace: configuration.stopGrace)
        }
    }

    private func report(_ name: String, _ replica: LocalReplica) -> ReplicaReport {
        ReplicaReport(
            name: name, generation: replica.generation, endpoint: ReplicaEndpoint(host: "127.0.0.1", port: replica.port),
            readySince: replica.readySince, startedAt: replica.process.startedAt,
            lastProbeMilliseconds: replica.lastProbeMilliseconds, notReadyReason: replica.notReadyReason,
            placement: "pid \(replica.process.pid)", lastHeartbeat: replica.lastHeartbeat)
    }

    private func directory(of agentId: String) -> String {
        (configuration.agentsDirectory as NSString).appendingPathComponent(agentId)
    }

    /// Whether the process's working directory is inside `directory` (replicas run in `<agents>/<id>`).
    static func runs(in directory: String, _ pid: Int32) -> Bool {
        guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return cwd.hasPrefix(root + "/")
    }
}
