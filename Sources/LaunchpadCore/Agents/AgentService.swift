import Foundation
import LaunchpadAdvisories
import LaunchpadAgentRuntime
import LaunchpadCrypto
import LaunchpadStore
import LaunchpadDomain

/// The agent API's logic: validation, ownership, quotas, secrets, and the records the controller
/// acts on. Every change is one writer transaction (record, indexes and counts together), and the
/// runtime is told afterwards.
public final class AgentService: Sendable {
    public struct Configuration: Sendable {
        public var limits: AgentLimits
        /// The public address of an agent, `{agentId}` replaced.
        public var urlTemplate: String
        /// Admission: the memory all agents' replicas ask for may reach the host's memory times this.
        public var memoryOvercommit: Double
        /// The host's memory; nil reads it from /proc/meminfo.
        public var hostMemoryBytes: Int?
        /// Whether replicas run on this host, so that its memory bounds them. A cluster admits its
        /// pods itself (its scheduler and quotas; a refusal fails the agent with the reason).
        public var admitsOnHostMemory: Bool

        public init(
            limits: AgentLimits = AgentLimits(), urlTemplate: String = "http://{agentId}.agents.localhost", memoryOvercommit: Double = 1,
            hostMemoryBytes: Int? = nil, admitsOnHostMemory: Bool = true
        ) {
            self.limits = limits
            self.urlTemplate = urlTemplate
            self.memoryOvercommit = memoryOvercommit
            self.hostMemoryBytes = hostMemoryBytes
            self.admitsOnHostMemory = admitsOnHostMemory
        }
    }

    public let configuration: Configuration
    public let store: AgentStore
    let identity: IdentityService
    let secrets: SecretBox
    let deployTimes: DeployTimes
    /// Scans create, update and restart before they are written; nil deploys unscanned (tests of other parts).
    public let scanner: SecurityScanner?
    private let runtimeBox = RuntimeBox()
    /// The agents' public address, split around the id once.
    public let urls: AgentURLTemplate
    /// The memory the agents' replicas may ask for in all: the host's times the overcommit.
    let admittedMemory: Int

    public init(
        store: AgentStore, identity: IdentityService, secrets: SecretBox, deployTimes: DeployTimes, scanner: SecurityScanner? = nil,
        configuration: Configuration = Configuration()
    ) {
        self.store = store
        self.scanner = scanner
        self.identity = identity
        self.secrets = secrets
        self.deployTimes = deployTimes
        self.configuration = configuration
        if configuration.admitsOnHostMemory {
            let hostMemory = configuration.hostMemoryBytes ?? HostResources.totalMemory()
            admittedMemory = Int(Double(hostMemory) * configuration.memoryOvercommit)
        } else {
            admittedMemory = .max
        }
        urls = AgentURLTemplate(configuration.urlTemplate)
    }

    /// Connects the runtime; until then, changes are only recorded.
    public func attach(_ runtime: any AgentControl) {
        runtimeBox.set(runtime)
    }

    /// The attached runtime, if any.
    public var runtime: (any AgentControl)? { runtimeBox.get() }

    public static func notFound(_ agentId: String) -> DomainError {
        DomainError.notFound(.agent, "Agent with ID '\(agentId.prefix(128))' not found")
    }

    /// The agent's public address (`http://{agentId}.agents.localhost` by default).
    public func url(of agentId: String) -> String {
        urls.url(of: agentId)
    }

    /// How long a deployment takes these days, as `"about 2 seconds"`.
    public var estimatedDeployTime: String { deployTimes.estimate() }

    // MARK: Create

    /// Validates, scans and stores a new agent (QUEUED); the controller deploys it.
    public func create(_ draft: AgentDraft, by principal: Principal, now: Date = Date()) throws -> Agent {
        let limits = configuration.limits
        try AgentRules.name(draft.name)
        let request = draft.fields
        if let description = request.description { try AgentRules.text(description, field: "description", max: 4096) }
        let personality = try AgentRules.requiredPersonality(request.personality)
        try AgentRules.plugins(request.plugins ?? [])
        let resources = Resources(
            memory: request.resources?.memory ?? limits.defaultMemory,
            cpu: request.resources?.cpu ?? limits.defaultCPU,
            replicas: request.resources?.replicas ?? 1)
        try AgentRules.resources(resources, limits: limits)
        let platforms = request.platforms ?? [:]
        try AgentRules.platforms(platforms)
        let packages = try request.packageLock.map { value throws(DomainError) in try AgentRules.lockedPackages(value) } ?? []

        let agentId = "agent-" + SecureRandom.hex(5)
        var agent = Agent(
            agentId: agentId, ownerId: principal.userId, name: draft.name, description: request.description ?? "",
            personality: personality, plugins: request.plugins ?? [], resources: resources,
            platforms: try seal(platforms, agentId: agentId), status: .queued, reason: nil,
            createdAt: now, updatedAt: now, deployedAt: nil, generation: 1, transitions: [],
            defaultedResources: Self.defaulted(request.resources), access: request.access)
        agent.transition(to: .queued, reason: "created", at: now)
        agent.labels = draft.labels
        agent.instance = draft.instance
        let store = self.store
        // Scanned and encoded before the write transaction, so that this work runs in parallel on
        // the request threads and the writer only copies bytes.
        let scan = try scanner.map { scanner in
            try passed(try store.database.environment.read { transaction in
                let ownerReplicas = try store.replicas(of: principal.userId, in: transaction) + resources.replicas
                return try PreparedScan(
                    scanner.scan(agent, packages: packages, ownerReplicas: ownerReplicas, in: transaction, now: now), ownerId: principal.userId)
            })
        }
        let scanner = self.scanner
        agent = try store.database.writer.write { transaction in
            var agent = agent
            if try store.agentId(owner: agent.ownerId, name: agent.name, in: transaction) != nil {
                throw DomainError(.conflict, "You already have an agent named '\(agent.name)'")
            }
            guard try store.agentCount(of: agent.ownerId, in: transaction) < limits.agentsPerUser else {
                throw DomainError(.limitExceeded, "Quota reached: at most \(limits.agentsPerUser) agents per user")
            }
            let replicas = try store.replicas(of: agent.ownerId, in: transaction)
            guard replicas + resources.replicas <= limits.replicasPerUser else {
                throw DomainError(.limitExceeded, "Quota reached: at most \(limits.replicasPerUser) replicas per user (\(replicas) in use)")
            }
            try self.admit(agent, replacing: nil, in: transaction)
            agent.operationId = try store.operations.open(.create, on: agentId, owner: agent.ownerId, done: false, at: now, in: transaction).operationId
            try store.save(agent, replacing: nil, in: transaction)
            if !packages.isEmpty { try store.saveLockedPackages(packages, of: agentId, in: transaction) }
            if let scanner, let scan { try scanner.recordPassed(scan, in: transaction) }
            return agent
        }
        runtime?.agentChanged(agentId)
        return agent
    }

    // MARK: Read

    /// The agent if `principal` may see it: its owner, or an ADMIN. Anyone else gets `notFound`, as for an agent that does not exist.
    public func visibleAgent(_ agentId: String, to principal: Principal) throws -> Agent {
        guard let agent = try store.load(agentId), principal.role == .admin || agent.ownerId == principal.userId else {
            throw Self.notFound(agentId)
        }
        return agent
    }

    /// One page of the agents `principal` may see: its own, or (ADMIN) everyone's or `owner`'s.
    public func list(for principal: Principal, owner: String?, status: AgentStatus?, limit: Int, offset: Int) throws -> AgentPage {
        let page = try store.list(owner: Self.scope(of: principal, owner: owner), status: status, limit: limit, offset: offset)
        return AgentPage(agents: page.agents, total: page.total)
    }

    /// The page `list` gives, with only what a listing shows of each agent.
    public func summaries(for principal: Principal, owner: String?, status: AgentStatus?, limit: Int, offset: Int) throws -> AgentSummaryPage {
        let page = try store.summaries(owner: Self.scope(of: principal, owner: owner), status: status, limit: limit, offset: offset)
        return AgentSummaryPage(agents: page.agents, total: page.total)
    }

    /// Whose agents `principal` lists: its own, or (ADMIN) `owner`'s, everyone's when nil.
    private static func scope(of principal: Principal, owner: String?) -> String? {
        principal.role == .admin ? owner : principal.userId
    }

    /// The agent with what the runtime sees of it now, and the health that follows.
    public func status(_ agentId: String, for principal: Principal) throws -> AgentHealth {
        let agent = try visibleAgent(agentId, to: principal)
        return AgentHealth(agent, observed: runtime?.observe(agentId) ?? AgentObservation())
    }

    // MARK: Change

    /// Applies `change` to the agent in one transaction, after checking it is visible and not being
    /// deleted. With `scanning`, the changed agent is scanned in that transaction first (with
    /// `newPackages` when given, else its stored ones): a blocking scan writes nothing but the scan
    /// and its event, and throws `rejectedByScan`.
    ///
    /// The change is recorded as an operation of `kind` (succeeded at once when it leaves the
    /// controller nothing to do), and bumps the agent's version; with `version`, the change is
    /// refused (`conflict`) unless the agent still has it.
    func change(
        _ agentId: String, by principal: Principal, operation kind: OperationKind, version: Int? = nil, scanning: Bool = false,
        newPackages: [LockedPackage]? = nil, now: Date = Date(), _ change: @escaping (inout Agent, WriteTransaction) throws -> Void
    ) throws -> Agent {
        let store = self.store
        let scanner = scanning ? self.scanner : nil
        let agent = try store.database.writer.write { transaction -> Agent in
            guard let old = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self),
                  principal.role == .admin || old.ownerId == principal.userId else {
                throw Self.notFound(agentId)
            }
            guard old.status != .deleting else {
                throw DomainError(.conflict, "Agent '\(agentId)' is being deleted")
            }
            if let version, version != old.version ?? 1 {
                throw DomainError(.conflict, "Agent '\(agentId)' is at version \(old.version ?? 1), not \(version): read it again", field: "version")
            }
            var agent = old
            try change(&agent, transaction)
            if agent != old { agent.version = (old.version ?? 1) + 1 }
            try self.admit(agent, replacing: old, in: transaction)
            let done = AgentService.revision(of: agent) == AgentService.revision(of: old)
            agent.operationId = try store.operations.open(kind, on: agentId, owner: agent.ownerId, done: done, at: now, in: transaction).operationId
            if let scanner {
                let packages = try newPackages ?? store.lockedPackages(of: agentId, in: transaction)
                let ownerReplicas = try store.replicas(of: agent.ownerId, in: transaction) - old.resources.replicas + agent.resources.replicas
                let scan = try PreparedScan(
                    scanner.scan(agent, packages: packages, ownerReplicas: ownerReplicas, in: transaction, now: now), ownerId: agent.ownerId)
                guard scan.scan.results.passed else { throw BlockedScan(prepared: scan) }
                try scanner.recordPassed(scan, in: transaction)
                if let newPackages { try store.saveLockedPackages(newPackages, of: agentId, in: transaction) }
            }
            try store.save(agent, replacing: old, in: transaction)
            return agent
        }
        runtime?.agentChanged(agentId)
        return agent
    }

    public func update(_ agentId: String, _ request: AgentFields, by principal: Principal, version: Int? = nil, now: Date = Date()) throws -> Agent {
        guard !request.isEmpty else { throw DomainError.invalid(field: "body", "nothing to update") }
        let limits = configuration.limits
        if let description = request.description { try AgentRules.text(description, field: "description", max: 4096) }
        if let personality = request.personality { try AgentRules.personality(personality) }
        if let plugins = request.plugins { try AgentRules.plugins(plugins) }
        if let platforms = request.platforms { try AgentRules.platforms(platforms) }
        let packages = try request.packageLock.map { value throws(DomainError) in try AgentRules.lockedPackages(value) }
        let sealed = try request.platforms.map { try seal($0, agentId: agentId) }
        let store = self.store
        let agent = try gated { try change(agentId, by: principal, operation: .update, version: version, scanning: true, newPackages: packages, now: now) { agent, transaction in
            var resources = agent.resources
            if let input = request.resources {
                agent.defaultedResources = agent.defaultedResources?.filter { field in
                    !(field == "memory" && input.memory != nil) && !(field == "cpu" && input.cpu != nil)
                }
                resources = Resources(memory: input.memory ?? resources.memory, cpu: input.cpu ?? resources.cpu, replicas: input.replicas ?? resources.replicas)
                try AgentRules.resources(resources, limits: limits)
                try Self.checkReplicaQuota(agent, newReplicas: resources.replicas, limits: limits, store: store, transaction: transaction)
            }
            let needsRedeploy = (request.personality.map { $0 != agent.personality } ?? false)
                || (request.plugins.map { $0 != agent.plugins } ?? false)
                || (sealed != nil) || (packages != nil)
                || resources.memory != agent.resources.memory || resources.cpu != agent.resources.cpu
            let scaled = resources.replicas != agent.resources.replicas
            if let description = request.description { agent.description = description }
            if let access = request.access { agent.access = access }
            if let personality = request.personality { agent.personality = personality }
            if let plugins = request.plugins { agent.plugins = plugins }
            if let sealed { agent.platforms = sealed }
            agent.resources = resources
            if agent.status == .paused {
                // What resume brings back changes; nothing runs meanwhile.
                if needsRedeploy { agent.generation += 1 }
                agent.updatedAt = now
            } else if needsRedeploy {
                agent.generation += 1
                agent.transition(to: .deploying, reason: "configuration changed: rolling the replicas", at: now)
            } else if scaled {
                agent.transition(to: .scaling, reason: "replicas changed to \(resources.replicas)", at: now)
            } else {
                agent.updatedAt = now
            }
        } }
        return agent
    }

    /// Asks for `replicas` replicas; the answer has the count running before the change.
    public func scale(_ agentId: String, to replicas: Int, by principal: Principal, now: Date = Date()) throws -> ScaledAgent {
        let limits = configuration.limits
        try AgentRules.replicas(replicas, limits: limits, field: "replicas")
        let store = self.store
        // What runs before the change: once it is written the controller may start replicas at once.
        let current = runtime?.observe(agentId).runningReplicas ?? 0
        let agent = try change(agentId, by: principal, operation: .scale) { agent, transaction in
            try Self.checkReplicaQuota(agent, newReplicas: replicas, limits: limits, store: store, transaction: transaction)
            agent.resources.replicas = replicas
            if agent.status == .paused {
                agent.updatedAt = now
            } else {
                agent.transition(to: .scaling, reason: "replicas changed to \(replicas)", at: now)
            }
        }
        return ScaledAgent(agent: agent, replicasBefore: current)
    }

    /// Restarts every replica, one by one. A FAILED agent may be restarted: that is how it recovers.
    public func restart(_ agentId: String, by principal: Principal, now: Date = Date()) throws -> Agent {
        try gated {
            try change(agentId, by: principal, operation: .restart, scanning: true, now: now) { agent, _ in
                agent.generation += 1
                agent.transition(to: .restarting, reason: "restart requested", at: now)
            }
        }
    }

    /// Marks the agent DELETING; the controller stops its processes and removes the record.
    public func delete(_ agentId: String, by principal: Principal, version: Int? = nil, now: Date = Date()) throws -> Agent {
        try change(agentId, by: principal, operation: .delete, version: version) { agent, _ in
            agent.transition(to: .deleting, reason: "delete requested", at: now)
        }
    }

    // MARK: Security scan

    /// `scan` when it lets the deployment go on; else the scan and its event are recorded and
    /// `rejectedByScan` is thrown.
    private func passed(_ prepared: PreparedScan) throws -> PreparedScan {
        guard !prepared.scan.results.passed, let scanner else { return prepared }
        throw try refusal(prepared, scanner: scanner)
    }

    /// Runs `body`, turning a scan that blocked inside its transaction (which was rolled back) into
    /// the recorded scan, its event, and `rejectedByScan`.
    private func gated<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let blocked as BlockedScan {
            guard let scanner else { throw blocked }
            throw try refusal(blocked.prepared, scanner: scanner)
        }
    }

    /// Records a scan that blocks a change, with its SECURITY_SCAN_FAILED event, and returns the refusal.
    private func refusal(_ prepared: PreparedScan, scanner: SecurityScanner) throws -> DomainError {
        try scanner.recordFailed(prepared, blocking: true)
        return scanner.blockedError(prepared.scan)
    }

    /// The fields of a create body's `resources` left to the server's defaults.
    static func defaulted(_ input: ResourceRequest?) -> [String] {
        (input?.memory == nil ? ["memory"] : []) + (input?.cpu == nil ? ["cpu"] : [])
    }

    /// Refuses a change that would have the agents' replicas ask for more memory than the host
    /// admits (`limitExceeded`). A change that asks for no more than before always passes.
    private func admit(_ agent: Agent, replacing old: Agent?, in transaction: Transaction) throws {
        let asked = AgentStore.requestedMemory(agent)
        let before = old.map(AgentStore.requestedMemory) ?? 0
        guard asked > before else { return }
        guard try store.requestedMemory(in: transaction) - before + asked <= admittedMemory else {
            throw DomainError(
                .limitExceeded,
                "Host capacity reached: this change would add \((asked - before) >> 20) MiB of replica memory, more than this host has left for agents")
        }
    }

    static func checkReplicaQuota(_ agent: Agent, newReplicas: Int, limits: AgentLimits, store: AgentStore, transaction: Transaction) throws {
        let inUse = try store.replicas(of: agent.ownerId, in: transaction)
        guard inUse - agent.resources.replicas + newReplicas <= limits.replicasPerUser else {
            throw DomainError(.limitExceeded, "Quota reached: at most \(limits.replicasPerUser) replicas per user (\(inUse) in use)")
        }
    }

    // MARK: Secrets

    func seal(_ platforms: [String: [String: String]], agentId: String) throws -> [String: StoredPlatform] {
        var result: [String: StoredPlatform] = [:]
        for (name, values) in platforms {
            let platform = Platform.known[name]!
            var stored = StoredPlatform(settings: [:], sealed: [:])
            for (key, value) in values {
                if platform.fields.first(where: { $0.name == key })?.secret == true {
                    let box = try secrets.seal(Array(value.utf8), associatedData: Array("\(agentId)/\(name)/\(key)".utf8))
                    stored.sealed[key] = Data(box).base64EncodedString()
                } else {
                    stored.settings[key] = value
                }
            }
            result[name] = stored
        }
        return result
    }

    /// The environment a replica gets for its platforms: settings and opened secrets, by the
    /// platforms' elizaOS variable names, and the first secret also as `<PLATFORM>_TOKEN`, the
    /// reference agent's name for it. Only ever handed to the child process.
    public func platformEnvironment(_ agent: Agent) throws -> [String: String] {
        var environment: [String: String] = [:]
        for (name, stored) in agent.platforms {
            guard let platform = Platform.known[name] else { continue }
            if let first = platform.fields.first(where: \.secret), let sealed = stored.sealed[first.name], let box = Data(base64Encoded: sealed) {
                let plain = try secrets.open(Array(box), associatedData: Array("\(agent.agentId)/\(name)/\(first.name)".utf8))
                environment[PlatformSecret.environmentName(for: name)] = String(decoding: plain, as: UTF8.self)
            }
            for field in platform.fields {
                if let value = stored.settings[field.name] {
                    environment[field.environment] = value
                } else if let sealed = stored.sealed[field.name], let box = Data(base64Encoded: sealed) {
                    let plain = try secrets.open(Array(box), associatedData: Array("\(agent.agentId)/\(name)/\(field.name)".utf8))
                    environment[field.environment] = String(decoding: plain, as: UTF8.self)
                }
            }
        }
        return environment
    }
}

/// A scan that blocked a change inside its transaction, thrown to roll the change back.
private struct BlockedScan: Error {
    var prepared: PreparedScan
}

/// Holds the runtime once it is attached (after the service, since the runtime needs the service).
private final class RuntimeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var runtime: (any AgentControl)?

    func set(_ runtime: any AgentControl) {
        lock.lock(); defer { lock.unlock() }
        self.runtime = runtime
    }

    func get() -> (any AgentControl)? {
        lock.lock(); defer { lock.unlock() }
        return runtime
    }
}
