import Foundation
import LaunchpadCrypto
import LaunchpadDomain

/// Agents seen as instances (seeds 000 and 003): made from a size preset and a registered image
/// instead of a character, changed with optimistic concurrency, paused and restarted. An instance
/// is an agent: the same record, id, owner and keys, visible through every dialect.
public final class InstanceService: Sendable {
    public let agents: AgentService
    public let catalog: InstanceCatalog
    /// Labels per instance, and their sizes.
    static let maxLabels = 32

    public init(agents: AgentService, catalog: InstanceCatalog) {
        self.agents = agents
        self.catalog = catalog
    }

    /// Creates the agent: `request.name` (or a generated one), the preset's CPU and memory, the
    /// image (the catalog's defaults when absent), one replica unless asked. `prefix` names the
    /// fields in errors as the dialect does (`spec.`).
    public func create(_ request: InstanceRequest, by principal: Principal, namePrefix: String = "", specPrefix: String = "") throws -> Agent {
        let name = request.name ?? "instance-" + SecureRandom.hex(4)
        try AgentRules.name(name, field: namePrefix + "name")
        if let labels = request.labels { try Self.check(labels, field: namePrefix + "labels") }
        let type = request.type ?? catalog.defaultType
        let size = try catalog.size(of: type, field: specPrefix + "type")
        let image = try catalog.image(request.image ?? catalog.defaultImage, field: specPrefix + "image")
        if let region = request.region { try Self.region(region, field: specPrefix + "region") }
        if let replicas = request.replicas { try AgentRules.replicas(replicas, limits: agents.configuration.limits, field: specPrefix + "replicas") }
        var draft = AgentDraft(
            name: name, description: "Instance \(name) (\(type), \(image))",
            personality: Personality(bio: ["An agent instance named \(name)."]),
            resources: ResourceRequest(memory: size.memory, cpu: size.cpu, replicas: request.replicas ?? 1))
        draft.labels = request.labels ?? [:]
        draft.instance = InstanceSettings(type: type, image: image, region: request.region)
        return try agents.create(draft, by: principal)
    }

    /// Changes labels, type, image or replicas; with `version`, only if the agent still has it
    /// (`conflict` otherwise, and nothing changes). A new image rolls the replicas; a new type
    /// rolls them with its size.
    public func update(_ agentId: String, _ request: InstanceRequest, version: Int?, by principal: Principal, specPrefix: String = "", namePrefix: String = "", now: Date = Date()) throws -> Agent {
        if let name = request.name {
            let current = try agents.visibleAgent(agentId, to: principal)
            guard name == current.name else { throw DomainError.invalid(field: namePrefix + "name", "cannot change (it is '\(current.name)')") }
        }
        if let labels = request.labels { try Self.check(labels, field: namePrefix + "labels") }
        let size = try request.type.map { type throws(DomainError) in try catalog.size(of: type, field: specPrefix + "type") }
        let image = try request.image.map { image throws(DomainError) in try catalog.image(image, field: specPrefix + "image") }
        if let region = request.region { try Self.region(region, field: specPrefix + "region") }
        let limits = agents.configuration.limits
        if let replicas = request.replicas { try AgentRules.replicas(replicas, limits: limits, field: specPrefix + "replicas") }
        let store = agents.store
        return try agents.change(agentId, by: principal, operation: .update, version: version, now: now) { agent, transaction in
            var settings = agent.instance ?? InstanceSettings()
            var resources = agent.resources
            if let size, let type = request.type {
                resources.cpu = size.cpu
                resources.memory = size.memory
                settings.type = type
            }
            if let replicas = request.replicas {
                try AgentService.checkReplicaQuota(agent, newReplicas: replicas, limits: limits, store: store, transaction: transaction)
                resources.replicas = replicas
            }
            let rolls = (image != nil && image != settings.image) || resources.cpu != agent.resources.cpu || resources.memory != agent.resources.memory
            let scaled = resources.replicas != agent.resources.replicas
            if let image { settings.image = image }
            if let region = request.region { settings.region = region }
            if let labels = request.labels { agent.labels = labels }
            agent.instance = settings
            agent.resources = resources
            if rolls { agent.generation += 1 }
            if agent.status == .paused || !(rolls || scaled) {
                agent.updatedAt = now
            } else if rolls {
                agent.transition(to: .deploying, reason: "instance changed: rolling the replicas", at: now)
            } else {
                agent.transition(to: .scaling, reason: "replicas changed to \(resources.replicas)", at: now)
            }
        }
    }

    /// Restarts the instance; a paused one is resumed.
    public func restart(_ agentId: String, by principal: Principal) throws -> Agent {
        let agent = try agents.visibleAgent(agentId, to: principal)
        return agent.status == .paused ? try agents.resume(agentId, by: principal) : try agents.restart(agentId, by: principal)
    }

    /// What was measured of the instance now.
    public func health(of agent: Agent) -> InstanceHealth {
        let runtime = agents.runtime
        return InstanceHealth(
            measurements: runtime?.measure(agent.agentId) ?? AgentMeasurements(),
            observation: runtime?.observe(agent.agentId) ?? AgentObservation())
    }

    /// At most 32 labels; keys 1–63 bytes of `[A-Za-z0-9._/-]`, values at most 256 bytes without
    /// control characters.
    static func check(_ labels: [String: String], field: String) throws(DomainError) {
        guard labels.count <= maxLabels else { throw DomainError.invalid(field: field, "at most \(maxLabels) labels") }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            let allowed = key.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || [0x2E, 0x5F, 0x2F, 0x2D].contains($0) }
            guard (1...63).contains(key.utf8.count), allowed else {
                throw DomainError.invalid(field: "\(field).\(key.prefix(63))", "a label key is 1 to 63 of A-Z, a-z, 0-9, '.', '_', '/', '-'")
            }
            guard value.utf8.count <= 256 else { throw DomainError.invalid(field: "\(field).\(key)", "must be at most 256 bytes") }
            try FieldRules.noControlCharacters(value, field: "\(field).\(key)", allowingLineBreaks: false)
        }
    }

    /// 1–64 of `[a-z0-9-]`.
    static func region(_ value: String, field: String) throws(DomainError) {
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else {
            throw DomainError.invalid(field: field, "1 to 64 of a-z, 0-9 and '-'")
        }
    }
}
