import Foundation
import LaunchpadDomain
import LaunchpadThreads
import Logging

/// Drives every agent from its record (desired replicas, generation, status) to what a
/// `ReplicaDriver` runs, and records the transitions: QUEUED → DEPLOYING → DEPLOYED, SCALING,
/// RESTARTING, DELETING (the record is removed once its replicas are gone), PAUSED (every replica
/// stopped, the record kept), and FAILED with the reason (a crash loop, a readiness that never
/// comes, a replica that cannot start, a failed rollout). A ready replica whose heartbeat (its last
/// passed health check) is older than `heartbeatTimeout` is stopped and replaced.
///
/// The policy is here and only here; a driver starts, stops and reports. For a driver the
/// controller steps, it replaces replicas of an old generation one at a time (a new one first,
/// an old one stopped once the new one is ready), so the ready count never drops below what is
/// asked; a driver that rolls out by itself is given the target and its progress is read.
///
/// One thread runs passes (`start`); tests call `prepare` and `pass(now:)` themselves, with a
/// fake driver and their own clock.
public final class Controller: AgentControl, @unchecked Sendable {
    public let configuration: ControllerConfiguration
    let records: any AgentRecords
    let driver: any ReplicaDriver
    let events: any ControllerEvents
    let logger: Logger
    private let lock = NSLock()
    private var progress: [String: AgentProgress] = [:]
    private var dirty: Set<String> = []
    /// Replica ends since start, over every agent (a counter for /metrics).
    private var restarts = 0
    private var loop: BackgroundLoop?

    public init(records: any AgentRecords, driver: any ReplicaDriver, events: any ControllerEvents, configuration: ControllerConfiguration = ControllerConfiguration(), logger: Logger = Logger(label: "launchpad.controller")) {
        self.records = records
        self.driver = driver
        self.events = events
        self.configuration = configuration
        self.logger = logger
    }

    /// Takes over what the driver recovered from an earlier run, loads every agent, and starts
    /// the loop.
    public func start() throws {
        try prepare()
        loop = BackgroundLoop(name: "controller", interval: configuration.tick) { [unowned self] in
            pass(now: Date())
        }
        loop?.wake()
    }

    /// Ends the loop and stops every replica.
    public func stop() {
        loop?.stop()
        let count = lock.withLock { progress.values.reduce(0) { $0 + $1.replicas.count } }
        driver.shutdown()
        logger.info("stopped every replica", metadata: ["count": "\(count)"])
    }

    /// What `start` does before its loop: the driver's recovery (the replicas of agents that no
    /// longer exist are stopped and forgotten), and every agent marked for a pass.
    public func prepare() throws {
        let adopted = driver.recover()
        let all = try records.allAgentIds()
        lock.withLock {
            for agentId in all {
                var state = AgentProgress(backoff: configuration.firstBackoff)
                state.replicas = adopted[agentId] ?? []
                progress[agentId] = state
                dirty.insert(agentId)
            }
        }
        // What an earlier run left for an agent deleted since is removed, not adopted.
        let known = Set(all)
        for agentId in adopted.keys where !known.contains(agentId) {
            driver.stopAll(agentId: agentId)
            driver.forget(agentId: agentId)
            logger.notice("removed the replicas of an agent that no longer exists", metadata: ["agentId": "\(agentId)"])
        }
        let count = adopted.filter { known.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        if count > 0 { logger.notice("adopted replicas of an earlier run", metadata: ["count": "\(count)"]) }
    }

    /// One pass: every agent that changed or has replicas. Agents are independent; when many
    /// changed at once they are reconciled on several threads, so that their writes share commits.
    public func pass(now: Date) {
        let (ids, changed) = lock.withLock { () -> ([String], Int) in
            let changed = dirty.count
            dirty.removeAll()
            return (Array(progress.keys), changed)
        }
        Self.forEach(ids, width: changed > 8 ? 16 : 1) { [self] agentId in
            do {
                try reconcile(agentId, now: now)
            } catch {
                logger.error("reconcile failed", metadata: ["agentId": "\(agentId)", "error": "\(error)"])
            }
        }
    }

    // MARK: AgentControl

    public var runtimeName: String { driver.name }

    public var runtimeLimitations: String? { driver.limitations }

    public var clusterHealth: ClusterHealth? { driver.clusterHealth }

    public func agentChanged(_ agentId: String) {
        lock.withLock {
            dirty.insert(agentId)
            if progress[agentId] == nil { progress[agentId] = AgentProgress(backoff: configuration.firstBackoff) }
        }
        loop?.wake()
    }

    public func observe(_ agentId: String) -> AgentObservation {
        lock.withLock {
            guard let state = progress[agentId] else { return AgentObservation() }
            let ready = state.replicas.filter(\.isReady)
            return AgentObservation(
                runningReplicas: state.replicas.count, readyReplicas: ready.count,
                readySince: ready.compactMap(\.readySince).min(),
                lastProbeMilliseconds: ready.compactMap(\.lastProbeMilliseconds).last,
                lastHeartbeat: ready.compactMap(\.lastHeartbeat).max())
        }
    }

    public func measure(_ agentId: String) -> AgentMeasurements {
        lock.withLock {
            guard let state = progress[agentId] else { return AgentMeasurements() }
            var measurements = state.measurements
            let recent = state.probeTimes.filter { Date().timeIntervalSince($0) <= 60 }.count
            measurements.rate = Double(recent) / 60
            return measurements
        }
    }

    public func replicaTotals() -> ReplicaTotals {
        lock.withLock {
            let now = Date()
            var totals = ReplicaTotals(restarts: restarts)
            for state in progress.values {
                totals.running += state.replicas.count
                totals.desired += state.desired
                if let since = state.shortSince, now.timeIntervalSince(since) > configuration.startTimeout { totals.shortAgents += 1 }
            }
            return totals
        }
    }

    public func readyEndpoints(of agentId: String) -> [ReplicaEndpoint] {
        lock.withLock {
            guard let state = progress[agentId] else { return [] }
            let newest = state.replicas.map(\.generation).max() ?? 0
            return state.replicas.filter { $0.isReady && $0.generation == newest }.compactMap(\.endpoint)
        }
    }

    // MARK: One agent

    func reconcile(_ agentId: String, now: Date) throws {
        guard let agent = try records.load(agentId) else {
            driver.stopAll(agentId: agentId)
            lock.withLock { progress[agentId] = nil }
            return
        }
        switch agent.status {
        case .deleting:
            driver.stopAll(agentId: agentId)
            driver.forget(agentId: agentId)
            try records.removeDeleted(agentId)
            events.removed(agentId: agentId)
            lock.withLock { progress[agentId] = nil }
            logger.info("agent deleted", metadata: ["agentId": "\(agentId)"])
            return
        case .failed:
            if withProgress(agentId, { !$0.replicas.isEmpty || $0.applied != nil }) {
                driver.stopAll(agentId: agentId)
                withProgress(agentId) {
                    $0.replicas = []
                    $0.applied = nil
                }
            }
            forgetIfIdle(agentId)
            return
        case .paused:
            try pause(agent)
            return
        default:
            break
        }
        if agent.status != .deployed { try begin(agent) }
        if let failure = readDriver(agent, now: now) ?? converge(agent, now: now) {
            driver.stopAll(agentId: agentId)
            withProgress(agentId) {
                $0.replicas = []
                $0.applied = nil
            }
            try records.recordTransition(agentId, expecting: agent, to: .failed, reason: failure, deployedAt: nil)
            events.lifecycle(agentId: agentId, level: "ERROR", "Agent failed: \(failure)")
            logger.warning("agent failed", metadata: ["agentId": "\(agentId)", "reason": "\(failure)"])
            return
        }
        try updateStatus(agent, now: now)
        sample(agentId, now: now)
        if agent.replicas == 0 && agent.status == .deployed { forgetIfIdle(agentId) }
    }

    @discardableResult
    func withProgress<T>(_ agentId: String, _ body: (inout AgentProgress) -> T) -> T {
        lock.withLock {
            var state = progress[agentId] ?? AgentProgress(backoff: configuration.firstBackoff)
            let result = body(&state)
            progress[agentId] = state
            return result
        }
    }

    /// Stops every replica of a PAUSED agent; once none runs, it has settled.
    private func pause(_ agent: ControlledAgent) throws {
        let agentId = agent.agentId
        let running = withProgress(agentId) { $0.replicas.count }
        if running > 0 || withProgress(agentId, { $0.applied != nil }) {
            driver.stopAll(agentId: agentId)
            withProgress(agentId) {
                $0.replicas = []
                $0.applied = nil
                $0.desired = 0
                $0.shortSince = nil
            }
            logger.info("agent paused", metadata: ["agentId": "\(agentId)", "stopped": "\(running)"])
            events.lifecycle(agentId: agentId, level: "INFO", "Agent paused: \(running) replicas stopped")
        }
        try settle(agent)
        forgetIfIdle(agentId)
    }

    /// Tells the records once per revision that the controller acts on it.
    private func begin(_ agent: ControlledAgent) throws {
        let first = withProgress(agent.agentId) { state -> Bool in
            defer { state.begun = agent.revision }
            return state.begun != agent.revision
        }
        if first { try records.began(agent.agentId, expecting: agent) }
    }

    /// Tells the records once per revision that what runs matches it.
    private func settle(_ agent: ControlledAgent) throws {
        let first = withProgress(agent.agentId) { state -> Bool in
            defer { state.settled = agent.revision }
            return state.settled != agent.revision
        }
        if first { try records.settled(agent.agentId, expecting: agent) }
    }

    /// Stops visiting an agent with no replicas and nothing to do, so that a pass costs what the
    /// running agents cost, not what is stored; `agentChanged` brings it back.
    private func forgetIfIdle(_ agentId: String) {
        lock.withLock {
            if progress[agentId]?.replicas.isEmpty == true, !dirty.contains(agentId) { progress[agentId] = nil }
        }
    }

    /// Reads the driver's view: ends (a crash starts the backoff, too many make a crash loop),
    /// readiness, and its rollout. Returns a failure reason.
    private func readDriver(_ agent: ControlledAgent, now: Date) -> String? {
        var observation = driver.observe(agentId: agent.agentId, now: now)
        let previous = withProgress(agent.agentId) { $0.replicas }
        for replica in observation.replicas where replica.isReady {
            if previous.first(where: { $0.name == replica.name })?.isReady != true {
                events.lifecycle(agentId: agent.agentId, level: "INFO", "Replica \(replica.name) is ready")
            }
        }
        for end in observation.terminations {
            logger.warning("replica ended", metadata: ["agentId": "\(agent.agentId)", "pod": "\(end.name)", "reason": "\(end.reason)"])
            events.lifecycle(agentId: agent.agentId, level: "WARN", "Replica \(end.name) \(end.reason); restarting it after a backoff")
        }
        for replica in observation.replicas where replica.isReady {
            guard let beat = replica.lastHeartbeat, now.timeIntervalSince(beat) > configuration.heartbeatTimeout else { continue }
            let silent = now.timeIntervalSince(beat)
            driver.stopReplica(agentId: agent.agentId, name: replica.name)
            observation.replicas.removeAll { $0.name == replica.name }
            logger.warning("replica missed its heartbeat", metadata: ["agentId": "\(agent.agentId)", "pod": "\(replica.name)", "silentSeconds": "\(Int(silent))"])
            events.lifecycle(agentId: agent.agentId, level: "WARN", "Replica \(replica.name) missed its heartbeat: no health check passed for \(Int(silent)) s; restarting it")
            events.heartbeatMissed(agentId: agent.agentId, replica: replica.name, silentFor: silent)
            withProgress(agent.agentId) { $0.measurements.restarts += 1 }
            lock.withLock { restarts += 1 }
        }
        var failure: String?
        for replica in observation.replicas where !replica.isReady && now.timeIntervalSince(replica.startedAt) > configuration.startTimeout {
            failure = "health probe never passed within \(Int(configuration.startTimeout)) s"
                + (replica.notReadyReason.map { ": \($0)" } ?? "")
        }
        if let rolloutFailure = observation.rollout?.failure { failure = rolloutFailure }
        let (crashLimit, crashWindow, maxBackoff) = (configuration.crashLimit, configuration.crashWindow, configuration.maxBackoff)
        return lock.withLock { () -> String? in
            var state = progress[agent.agentId] ?? AgentProgress(backoff: configuration.firstBackoff)
            defer { progress[agent.agentId] = state }
            state.replicas = observation.replicas
            state.rollout = observation.rollout
            state.desired = agent.replicas
            let probes = observation.probes
            state.measurements.requests += probes.requests
            state.measurements.successes += probes.successes
            state.measurements.errors += probes.errors
            state.measurements.bytesOut += probes.bytesSent
            state.measurements.bytesIn += probes.bytesReceived
            state.probeTimes += Array(repeating: now, count: probes.requests)
            state.probeTimes.removeAll { now.timeIntervalSince($0) > 60 }
            state.measurements.restarts += observation.terminations.count
            restarts += observation.terminations.count
            for end in observation.terminations {
                state.crashes.append(now)
                state.lastCrash = "\(end.name) \(end.reason)"
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

    /// Moves the replicas toward the record; returns a failure reason.
    private func converge(_ agent: ControlledAgent, now: Date) -> String? {
        switch driver.rollout {
        case .controllerSteps: stepReplicas(agent, now: now)
        case .driverOwned: applyTarget(agent)
        }
    }

    /// All at once on a scale; one by one on a rolling replacement (an extra replica of the new
    /// generation, then one old one stopped once it is ready).
    private func stepReplicas(_ agent: ControlledAgent, now: Date) -> String? {
        let desired = agent.replicas
        let (replicas, nextStartAt) = withProgress(agent.agentId) { ($0.replicas, $0.nextStartAt) }
        let starting = replicas.contains { !$0.isReady }
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

    /// Gives a driver that rolls out by itself the target, when it changed.
    private func applyTarget(_ agent: ControlledAgent) -> String? {
        let applied = withProgress(agent.agentId) { $0.applied }
        guard applied?.generation != agent.generation || applied?.replicas != agent.replicas else { return nil }
        do {
            try driver.apply(try records.template(for: agent), replicas: agent.replicas)
        } catch let failure as DriverFailure {
            return failure.reason
        } catch {
            return "cannot prepare the agent's replicas: \(error)"
        }
        withProgress(agent.agentId) { $0.applied = (agent.generation, agent.replicas) }
        events.lifecycle(agentId: agent.agentId, level: "INFO", "Rolling out generation \(agent.generation) with \(agent.replicas) replicas")
        return nil
    }

    private func startReplica(_ agent: ControlledAgent) -> String? {
        let report: ReplicaReport
        do {
            report = try driver.startReplica(try records.template(for: agent))
        } catch let failure as DriverFailure {
            return failure.reason
        } catch {
            return "cannot prepare the agent's replicas: \(error)"
        }
        withProgress(agent.agentId) { $0.replicas.append(report) }
        logger.info("replica started", metadata: ["agentId": "\(agent.agentId)", "pod": "\(report.name)"])
        events.lifecycle(agentId: agent.agentId, level: "INFO", "Replica \(report.name) started" + (report.placement.map { " (\($0))" } ?? ""))
        return nil
    }

    private func stop(_ agentId: String, _ replica: ReplicaReport) {
        withProgress(agentId) { state in state.replicas.removeAll { $0.name == replica.name } }
        driver.stopReplica(agentId: agentId, name: replica.name)
        logger.info("replica stopped", metadata: ["agentId": "\(agentId)", "pod": "\(replica.name)"])
        events.lifecycle(agentId: agentId, level: "INFO", "Replica \(replica.name) stopped")
    }

    /// DEPLOYING once replicas exist; DEPLOYED once as many as asked are ready and of the current
    /// generation (for a driver that rolls out by itself: once it has observed that generation).
    private func updateStatus(_ agent: ControlledAgent, now: Date) throws {
        let (replicas, rollout) = withProgress(agent.agentId) { ($0.replicas, $0.rollout) }
        let ready = replicas.filter { $0.isReady && $0.generation == agent.generation }.count
        var converged = ready == agent.replicas && replicas.count == agent.replicas
        if driver.rollout == .driverOwned {
            converged = converged && (rollout.map { $0.observedGeneration >= agent.generation && $0.updatedReplicas == agent.replicas } ?? (agent.replicas == 0))
        }
        withProgress(agent.agentId) { state in
            state.shortSince = ready >= agent.replicas ? nil : (state.shortSince ?? now)
        }
        if converged {
            if agent.status == .deployed { try settle(agent) }
            guard agent.status != .deployed else { return }
            try records.recordTransition(agent.agentId, expecting: agent, to: .deployed, reason: "\(ready) of \(ready) replicas ready", deployedAt: now)
            if agent.deployedAt == nil { events.firstDeployed(agentId: agent.agentId, after: now.timeIntervalSince(agent.createdAt)) }
            logger.info("agent deployed", metadata: ["agentId": "\(agent.agentId)", "replicas": "\(ready)"])
            events.lifecycle(agentId: agent.agentId, level: "INFO", "Agent deployed: \(ready) of \(ready) replicas ready")
        } else if agent.status == .queued, !replicas.isEmpty {
            try records.recordTransition(agent.agentId, expecting: agent, to: .deploying, reason: "starting \(agent.replicas) replicas", deployedAt: nil)
            events.lifecycle(agentId: agent.agentId, level: "INFO", "Deploying \(agent.replicas) replicas")
        }
    }

    /// Samples CPU and memory every `sampleInterval`; CPU is the difference of two samples. A
    /// driver that measures nothing leaves them unmeasured.
    private func sample(_ agentId: String, now: Date) {
        guard driver.measuresUsage else { return }
        let (count, last, previous) = withProgress(agentId) { ($0.replicas.count, $0.measurements.sampledAt, $0.cpuSeconds) }
        if let last, now.timeIntervalSince(last) < configuration.sampleInterval { return }
        let usage = count == 0 ? [:] : driver.usage(agentId: agentId)
        // Replicas the driver has no figure for yet (a cluster's metrics lag): unmeasured, not 0.
        if count > 0 && usage.isEmpty {
            withProgress(agentId) { state in
                state.measurements.memoryBytes = nil
                state.measurements.cpuCores = nil
                state.measurements.sampledAt = now
                state.cpuSeconds = [:]
            }
            return
        }
        var memory = 0
        var cpu = 0.0
        var seconds: [String: Double] = [:]
        let rated = usage.values.contains { $0.cpuCores != nil }
        for (name, used) in usage {
            memory += used.memoryBytes
            seconds[name] = used.cpuSeconds
            if let rate = used.cpuCores {
                cpu += rate
            } else if let before = previous[name], let last {
                cpu += max(0, used.cpuSeconds - before) / max(0.001, now.timeIntervalSince(last))
            }
        }
        // No replica: nothing to measure over time, and nothing used.
        let cores: Double? = count == 0 ? 0 : (last == nil && !rated ? nil : cpu)
        withProgress(agentId) { state in
            state.measurements.memoryBytes = memory
            state.measurements.cpuCores = cores
            state.measurements.sampledAt = now
            state.cpuSeconds = seconds
        }
        if count > 0 { events.sampled(agentId: agentId, at: now, cpuCores: cores, memoryBytes: memory) }
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
                let current = next.withLock { () -> Int in
                    defer { index += 1 }
                    return index
                }
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
}
