import Foundation
import LaunchpadAgentRuntime
import LaunchpadRuntime
import LaunchpadStore
import Logging

/// Drives every agent from its record (desired replicas, generation, status) to running processes,
/// and records the transitions: QUEUED → DEPLOYING → DEPLOYED, SCALING, RESTARTING, DELETING (the
/// record is removed once its processes are gone), and FAILED with the reason.
///
/// One thread runs the loop; the API tells it of changes (`agentChanged`) and asks what it sees
/// (`observe`). At start it stops replicas left by an earlier run, then starts what the records ask
/// for: no orphan, no duplicate.
public final class Reconciler: AgentRuntimeView, @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The replica command; `{launchpad}`, `{character}`, `{port}`, `{agentId}` and `{dir}` are replaced.
        public var agentCommand: String
        public var launchpadExecutable: String
        /// `<data>/agents`.
        public var agentsDirectory: String
        public var tick: TimeInterval = 0.1
        public var probeInterval: TimeInterval = 1
        /// A replica that does not pass its health probe within this is a failed deployment.
        public var startTimeout: TimeInterval = 30
        public var stopGrace: Duration = .seconds(5)
        /// Crashes within `crashWindow` that make the agent FAILED.
        public var crashLimit = 5
        public var crashWindow: TimeInterval = 300
        public var firstBackoff: TimeInterval = 1
        public var maxBackoff: TimeInterval = 60
        /// How often each replica's CPU and memory are read from /proc.
        public var sampleInterval: TimeInterval = 5

        public static let referenceAgentCommand = "{launchpad} agent-runtime --character {character}"

        public init(agentCommand: String = Configuration.referenceAgentCommand, launchpadExecutable: String, agentsDirectory: String) {
            self.agentCommand = agentCommand
            self.launchpadExecutable = launchpadExecutable
            self.agentsDirectory = agentsDirectory
        }
    }

    /// One running replica.
    struct Replica {
        let process: ReplicaProcess
        let port: Int
        let generation: Int
        var readySince: Date?
        var lastProbe: Date?
        var lastProbeMilliseconds: Double?
        var failedProbes = 0
    }

    /// What the loop keeps per agent.
    struct AgentState {
        var replicas: [Replica] = []
        var crashes: [Date] = []
        var backoff: TimeInterval
        var nextStartAt: Date?
        var lastCrash: String?
        var measurements = AgentMeasurements()
        var probeTimes: [Date] = []
        /// CPU seconds per pid at the last sample, for the next sample's difference.
        var cpuSeconds: [Int32: Double] = [:]
        var desired = 0
        /// Since when fewer replicas are ready than asked for; nil while all are.
        var shortSince: Date?
    }

    public let configuration: Configuration
    let agents: AgentService
    let deployTimes: DeployTimes
    let logs: AgentLogs
    let window: MetricsWindow?
    let logger: Logger
    private var launcher: ProcessLauncher!
    private let condition = NSCondition()
    private var states: [String: AgentState] = [:]
    private var dirty: Set<String> = []
    private var stopping = false
    /// Replica exits since start, over every agent (a counter for /metrics).
    private var restarts = 0
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// Replica output goes to `logs`, with the runtime's lifecycle messages about each agent.
    public init(agents: AgentService, logs: AgentLogs, window: MetricsWindow? = nil, deployTimes: DeployTimes, configuration: Configuration, logger: Logger = Logger(label: "launchpad.runtime")) {
        self.agents = agents
        self.logs = logs
        self.window = window
        self.deployTimes = deployTimes
        self.configuration = configuration
        self.logger = logger
        launcher = ProcessLauncher(launchpadExecutable: configuration.launchpadExecutable) { output in
            logs.append(agentId: output.agentId, pod: output.replicaName, line: output.line, isStderr: output.stream == .stderr, at: output.time)
        }
    }

    /// Stops replicas left by an earlier run, loads every agent, and starts the loop.
    public func start() throws {
        // Only replicas of this data directory: another launchpad on the machine keeps its own.
        let leftovers = LeftoverReplicas.find().filter { Self.runs(in: configuration.agentsDirectory, $0.pid) }
        if !leftovers.isEmpty {
            let stopped = LeftoverReplicas.stopAll(leftovers, grace: .seconds(2))
            logger.notice("stopped replicas left by an earlier run", metadata: ["count": "\(stopped)"])
        }
        let all = try agents.store.all()
        condition.lock()
        for agent in all {
            states[agent.agentId] = AgentState(backoff: configuration.firstBackoff)
            dirty.insert(agent.agentId)
        }
        condition.unlock()
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "reconciler"
        self.thread = thread
        thread.start()
    }

    /// Whether the process's working directory is inside `directory` (replicas run in `<agents>/<id>`).
    static func runs(in directory: String, _ pid: Int32) -> Bool {
        guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return cwd.hasPrefix(root + "/")
    }

    /// Ends the loop and stops every replica (SIGTERM, then SIGKILL after the grace).
    public func stop() {
        condition.lock()
        let wasStopping = stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        guard !wasStopping, thread != nil else { return }
        finished.wait()
        let replicas = states.values.flatMap(\.replicas)
        DispatchQueue.concurrentPerform(iterations: replicas.count) { index in
            replicas[index].process.stop(grace: configuration.stopGrace)
        }
        logger.info("stopped every replica", metadata: ["count": "\(replicas.count)"])
    }

    public func agentChanged(_ agentId: String) {
        condition.lock()
        dirty.insert(agentId)
        if states[agentId] == nil { states[agentId] = AgentState(backoff: configuration.firstBackoff) }
        condition.signal()
        condition.unlock()
    }

    public func observe(_ agentId: String) -> AgentObservation {
        condition.lock()
        defer { condition.unlock() }
        guard let state = states[agentId] else { return AgentObservation() }
        let ready = state.replicas.filter { $0.readySince != nil }
        return AgentObservation(
            runningReplicas: state.replicas.count, readyReplicas: ready.count,
            readySince: ready.compactMap(\.readySince).min(),
            lastProbeMilliseconds: ready.compactMap(\.lastProbeMilliseconds).last)
    }

    public func measure(_ agentId: String) -> AgentMeasurements {
        condition.lock()
        defer { condition.unlock() }
        guard var measurements = states[agentId]?.measurements else { return AgentMeasurements() }
        let recent = states[agentId]?.probeTimes.filter { Date().timeIntervalSince($0) <= 60 }.count ?? 0
        measurements.rate = Double(recent) / 60
        return measurements
    }

    public func replicaTotals() -> (running: Int, desired: Int, shortAgents: Int, restarts: Int) {
        condition.lock()
        defer { condition.unlock() }
        let now = Date()
        let timeout = configuration.startTimeout
        let totals = states.values.reduce((0, 0, 0)) { totals, state in
            let short = state.shortSince.map { now.timeIntervalSince($0) > timeout } ?? false
            return (totals.0 + state.replicas.count, totals.1 + state.desired, totals.2 + (short ? 1 : 0))
        }
        return (totals.0, totals.1, totals.2, restarts)
    }

    // MARK: The loop

    private func loop() {
        while true {
            condition.lock()
            if !stopping && dirty.isEmpty {
                _ = condition.wait(until: Date().addingTimeInterval(configuration.tick))
            }
            if stopping {
                condition.unlock()
                return
            }
            let changed = dirty.count
            dirty.removeAll()
            let ids = Array(states.keys)
            condition.unlock()
            // Agents are independent; reconciling many changed ones at once lets their writes share
            // commits (a burst of creates would otherwise wait for one fsync each, in line). A
            // routine pass over running agents stays on this thread.
            Self.forEach(ids, width: changed > 8 ? 16 : 1) { [self] agentId in
                do {
                    try reconcile(agentId)
                } catch {
                    logger.error("reconcile failed", metadata: ["agentId": "\(agentId)", "error": "\(error)"])
                }
            }
        }
    }

    /// Runs `body` for every item on `width` threads (the calling one among them).
    static func forEach(_ items: [String], width: Int, _ body: @escaping @Sendable (String) -> Void) {
        guard width > 1 else {
            items.forEach(body)
            return
        }
        let next = NSLock()
        nonisolated(unsafe) var index = 0
        let work: @Sendable () -> Void = {
            while true {
                next.lock()
                let current = index
                index += 1
                next.unlock()
                guard current < items.count else { return }
                body(items[current])
            }
        }
        let group = DispatchGroup()
        for _ in 1..<width {
            group.enter()
            Thread.detachNewThread {
                work()
                group.leave()
            }
        }
        work()
        group.wait()
    }

    private func withState<T>(_ agentId: String, _ body: (inout AgentState) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        var state = states[agentId] ?? AgentState(backoff: configuration.firstBackoff)
        let result = body(&state)
        states[agentId] = state
        return result
    }

    private func reconcile(_ agentId: String) throws {
        guard let agent = try agents.store.load(agentId) else {
            stopAll(agentId, reason: "record gone")
            condition.lock()
            states[agentId] = nil
            condition.unlock()
            return
        }
        if agent.status == .deleting {
            stopAll(agentId, reason: "deleting")
            try? FileManager.default.removeItem(atPath: directory(of: agentId))
            try agents.removeDeleted(agentId)
            try? logs.remove(agentId: agentId)
            condition.lock()
            states[agentId] = nil
            condition.unlock()
            logger.info("agent deleted", metadata: ["agentId": "\(agentId)"])
            return
        }
        if agent.status == .failed {
            stopAll(agentId, reason: "failed")
            forgetIfIdle(agentId)
            return
        }
        let now = Date()
        if let failure = reapAndProbe(agent, now: now) ?? converge(agent, now: now) {
            stopAll(agentId, reason: failure)
            try agents.recordTransition(agentId, expecting: agent, to: .failed, reason: failure)
            logs.lifecycle(agentId: agentId, level: "ERROR", "Agent failed: \(failure)")
            logger.warning("agent failed", metadata: ["agentId": "\(agentId)", "reason": "\(failure)"])
            return
        }
        try updateStatus(agent, now: now)
        sample(agentId, now: now)
        if agent.resources.replicas == 0 && agent.status == .deployed { forgetIfIdle(agentId) }
    }

    /// Stops visiting an agent with no replicas and nothing to do, so that a pass costs what the
    /// running agents cost, not what is stored; `agentChanged` brings it back.
    private func forgetIfIdle(_ agentId: String) {
        condition.lock()
        if states[agentId]?.replicas.isEmpty == true, !dirty.contains(agentId) { states[agentId] = nil }
        condition.unlock()
    }

    /// Removes exited replicas (a crash starts the backoff), probes the others; returns a failure reason.
    private func reapAndProbe(_ agent: Agent, now: Date) -> String? {
        var replicas = withState(agent.agentId) { $0.replicas }
        var crashes: [String] = []
        replicas.removeAll { replica in
            guard let exit = replica.process.exitStatus() else { return false }
            crashes.append("\(replica.process.spec.replicaName) \(exit)")
            logger.warning("replica exited", metadata: ["agentId": "\(agent.agentId)", "pod": "\(replica.process.spec.replicaName)", "exit": "\(exit)"])
            logs.lifecycle(agentId: agent.agentId, level: "WARN", "Replica \(replica.process.spec.replicaName) \(exit); restarting it after a backoff")
            return true
        }
        var failure: String?
        for index in replicas.indices {
            let replica = replicas[index]
            let due = replica.lastProbe.map { now.timeIntervalSince($0) >= configuration.probeInterval } ?? true
            guard replica.readySince == nil || due else { continue }
            var traffic = HealthProbeTraffic()
            let result = HealthProbe.check(port: replica.port, timeout: .milliseconds(500), traffic: &traffic)
            replicas[index].lastProbe = now
            withState(agent.agentId) { state in
                state.measurements.bytesOut += traffic.bytesSent
                state.measurements.bytesIn += traffic.bytesReceived
                state.measurements.requests += 1
                if result.isHealthy { state.measurements.successes += 1 } else { state.measurements.errors += 1 }
                state.probeTimes.append(now)
                state.probeTimes.removeAll { now.timeIntervalSince($0) > 60 }
            }
            switch result {
            case .healthy(let responseTime):
                let components = responseTime.components
                replicas[index].lastProbeMilliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
                replicas[index].failedProbes = 0
                if replica.readySince == nil {
                    replicas[index].readySince = now
                    logger.info("replica ready", metadata: ["agentId": "\(agent.agentId)", "pod": "\(replica.process.spec.replicaName)"])
                    logs.lifecycle(agentId: agent.agentId, "Replica \(replica.process.spec.replicaName) is ready")
                }
            case .unhealthy(let reason):
                replicas[index].failedProbes += 1
                if replica.readySince == nil, now.timeIntervalSince(replica.process.startedAt) > configuration.startTimeout {
                    failure = "health probe never passed within \(Int(configuration.startTimeout)) s: \(reason)"
                }
            }
        }
        let crashLimit = configuration.crashLimit
        let crashWindow = configuration.crashWindow
        let maxBackoff = configuration.maxBackoff
        return withState(agent.agentId) { state -> String? in
            state.replicas = replicas
            state.desired = agent.resources.replicas
            state.measurements.restarts += crashes.count
            restarts += crashes.count
            for crash in crashes {
                state.crashes.append(now)
                state.lastCrash = crash
                state.nextStartAt = now.addingTimeInterval(state.backoff)
                state.backoff = min(state.backoff * 2, maxBackoff)
            }
            state.crashes.removeAll { now.timeIntervalSince($0) > crashWindow }
            if state.crashes.count >= crashLimit {
                return "crash loop: \(state.crashes.count) exits within \(Int(crashWindow / 60)) minutes (last: \(state.lastCrash ?? "?"))"
            }
            return failure
        }
    }

    /// Starts and stops replicas toward the record: all at once on scale, one by one on a rolling
    /// replacement (an extra replica of the new generation, then one old one stopped once it is ready).
    private func converge(_ agent: Agent, now: Date) -> String? {
        let desired = agent.resources.replicas
        let (replicas, nextStartAt) = withState(agent.agentId) { ($0.replicas, $0.nextStartAt) }
        let starting = replicas.contains { $0.readySince == nil }
        let old = replicas.filter { $0.generation < agent.generation }
        if replicas.count > desired {
            if old.isEmpty {
                for victim in replicas.suffix(replicas.count - desired) { stop(agent.agentId, victim) }
            } else if !starting {
                stop(agent.agentId, old[0])
            }
            return nil
        }
        if !old.isEmpty {
            return starting ? nil : startReplica(agent)
        }
        guard replicas.count < desired else { return nil }
        if let nextStartAt, nextStartAt > now { return nil }
        for _ in replicas.count..<desired {
            if let failure = startReplica(agent) { return failure }
        }
        return nil
    }

    private func updateStatus(_ agent: Agent, now: Date) throws {
        let replicas = withState(agent.agentId) { $0.replicas }
        let ready = replicas.filter { $0.readySince != nil && $0.generation == agent.generation }.count
        let converged = ready == agent.resources.replicas && replicas.count == agent.resources.replicas
        withState(agent.agentId) { state in
            state.shortSince = ready >= agent.resources.replicas ? nil : (state.shortSince ?? now)
        }
        if converged {
            if agent.status != .deployed {
                let first = agent.deployedAt == nil
                try agents.recordTransition(agent.agentId, expecting: agent, to: .deployed, reason: "\(ready) of \(ready) replicas ready", deployedAt: now)
                if first { deployTimes.record(now.timeIntervalSince(agent.createdAt)) }
                logger.info("agent deployed", metadata: ["agentId": "\(agent.agentId)", "replicas": "\(ready)"])
                logs.lifecycle(agentId: agent.agentId, "Agent deployed: \(ready) of \(ready) replicas ready")
            }
        } else if agent.status == .queued, !replicas.isEmpty {
            try agents.recordTransition(agent.agentId, expecting: agent, to: .deploying, reason: "starting \(agent.resources.replicas) replicas")
            logs.lifecycle(agentId: agent.agentId, "Deploying \(agent.resources.replicas) replicas")
        }
    }

    /// Reads CPU and memory of the agent's replicas from /proc every `sampleInterval`.
    private func sample(_ agentId: String, now: Date) {
        let (replicas, last, previous) = withState(agentId) { ($0.replicas, $0.measurements.sampledAt, $0.cpuSeconds) }
        if let last, now.timeIntervalSince(last) < configuration.sampleInterval { return }
        var memory = 0
        var cpu = 0.0
        var seconds: [Int32: Double] = [:]
        for replica in replicas {
            guard let usage = replica.process.usage() else { continue }
            memory += usage.memoryBytes
            seconds[replica.process.pid] = usage.cpuSeconds
            if let before = previous[replica.process.pid], let last {
                cpu += max(0, usage.cpuSeconds - before) / max(0.001, now.timeIntervalSince(last))
            }
        }
        let cores: Double? = replicas.isEmpty ? 0 : (last == nil ? nil : cpu)
        withState(agentId) { state in
            state.measurements.memoryBytes = memory
            // No process: nothing to measure over time, and nothing used.
            state.measurements.cpuCores = cores
            state.measurements.sampledAt = now
            state.cpuSeconds = seconds
        }
        if !replicas.isEmpty { window?.record(agentId, .init(timestamp: now, cpu: cores, memory: memory)) }
    }

    // MARK: Processes

    private func directory(of agentId: String) -> String {
        (configuration.agentsDirectory as NSString).appendingPathComponent(agentId)
    }

    /// Starts one replica of the agent's current generation; returns a failure reason when it cannot.
    private func startReplica(_ agent: Agent) -> String? {
        do {
            let directory = directory(of: agent.agentId)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let characterPath = (directory as NSString).appendingPathComponent("character.json")
            let character = Character(
                name: agent.name, system: agent.personality.system, bio: agent.personality.bio, adjectives: agent.personality.adjectives,
                topics: agent.personality.topics, plugins: agent.plugins, settings: .init(platforms: agent.platforms.keys.sorted()))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(character).write(to: URL(fileURLWithPath: characterPath), options: .atomic)
            let port = try PortAllocator.freePort()
            let replicaName = "\(agent.agentId)-\(agent.generation)-\(SecureRandomName.make())"
            let arguments = CommandTemplate.expand(configuration.agentCommand, values: [
                "launchpad": configuration.launchpadExecutable, "character": characterPath, "port": String(port),
                "agentId": agent.agentId, "dir": directory,
            ])
            var environment = try agents.platformEnvironment(agent)
            environment["PORT"] = String(port)
            let spec = ReplicaSpec(
                agentId: agent.agentId, replicaName: replicaName, arguments: arguments, workingDirectory: directory,
                environment: environment, memoryLimitBytes: agent.resources.memoryBytes)
            let process = try launcher.start(spec)
            withState(agent.agentId) { $0.replicas.append(Replica(process: process, port: port, generation: agent.generation)) }
            logger.info("replica started", metadata: ["agentId": "\(agent.agentId)", "pod": "\(replicaName)", "pid": "\(process.pid)", "port": "\(port)"])
            logs.lifecycle(agentId: agent.agentId, "Replica \(replicaName) started (pid \(process.pid))")
            return nil
        } catch {
            return "spawn failed: \(error)"
        }
    }

    private func stop(_ agentId: String, _ replica: Replica) {
        withState(agentId) { state in state.replicas.removeAll { $0.process.pid == replica.process.pid } }
        replica.process.stop(grace: configuration.stopGrace)
        logger.info("replica stopped", metadata: ["agentId": "\(agentId)", "pod": "\(replica.process.spec.replicaName)"])
        logs.lifecycle(agentId: agentId, "Replica \(replica.process.spec.replicaName) stopped")
    }

    private func stopAll(_ agentId: String, reason: String) {
        let replicas = withState(agentId) { state -> [Replica] in
            let all = state.replicas
            state.replicas = []
            return all
        }
        guard !replicas.isEmpty else { return }
        DispatchQueue.concurrentPerform(iterations: replicas.count) { index in
            replicas[index].process.stop(grace: configuration.stopGrace)
        }
        logger.info("replicas stopped", metadata: ["agentId": "\(agentId)", "count": "\(replicas.count)", "reason": "\(reason)"])
    }
}
