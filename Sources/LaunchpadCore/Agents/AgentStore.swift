import Foundation
import LaunchpadAdvisories
import LaunchpadStore
import LaunchpadDomain

/// Agents in LMDB with their indexes, all written in the record's transaction:
///
/// - `agents`: agentId → Agent
/// - `agent_names`: owner 0 name → agentId (a name is unique per owner)
/// - `agent_index`: a prefix (`a`, `o owner`, `s status`, `os owner status`) then the creation time
///   (big-endian microseconds) and the id, so that a page of any listing is one cursor walk
/// - `agent_counts`: the same prefixes → how many agents each holds, `r owner` → replicas, and `m` →
///   the memory all replicas ask for (`memory × replicas` summed), for admission
/// - `agent_packages`: agentId → the packages of its package-lock.json, for the security scan
public final class AgentStore: Sendable {
    let database: Database
    let agents: Table
    let names: Table
    let index: Table
    let counts: Table
    let packages: Table
    /// The operations on agents, written in the same transactions as the changes.
    public let operations: OperationStore
        /// Agent records are read on every status request and listing; their decoding is done once per version.
    let records = DecodeCache<Agent>()
    /// The same records' summaries, for the listings.
    let summaryRecords = DecodeCache<AgentSummary>()

    public init(database: Database) throws {
        self.database = database
        let environment = database.environment
        agents = try environment.openTable("agents")
        names = try environment.openTable("agent_names")
        index = try environment.openTable("agent_index")
        counts = try environment.openTable("agent_counts")
        packages = try environment.openTable("agent_packages")
        operations = try OperationStore(database: database)
        try countMemoryOnce()
    }

    /// Stores made before the memory count have none: it is summed from the records once, and a
    /// marker says it is kept from then on.
    private func countMemoryOnce() throws {
        let (agents, counts) = (self.agents, self.counts)
        try database.writer.write { transaction in
            guard try transaction.get(counts, Self.memoryCountedKey) == nil else { return }
            var total = 0
            try transaction.scan(agents) { _, value in
                total += Self.requestedMemory(try ValueCoding.decode(Agent.self, from: value))
                return true
            }
            try self.adjust(Self.memoryKey, by: total, in: transaction)
            try transaction.put(counts, Self.memoryCountedKey, [1])
        }
    }

    /// The memory every agent's replicas ask for, in bytes.
    func requestedMemory(in transaction: Transaction) throws -> Int {
        try Self.count(Self.memoryKey, in: transaction, counts)
    }

    /// What one agent's replicas ask for: its memory times its replicas.
    static func requestedMemory(_ agent: Agent) -> Int {
        (Quantity.bytes(agent.resources.memory) ?? 0) * agent.resources.replicas
    }

    /// The packages of the agent's lockfile; empty when it has none.
    func lockedPackages(of agentId: String, in transaction: Transaction) throws -> [LockedPackage] {
        try transaction.get(packages, Array(agentId.utf8), as: [LockedPackage].self) ?? []
    }

    func saveLockedPackages(_ list: [LockedPackage], of agentId: String, in transaction: WriteTransaction) throws {
        try transaction.put(packages, Array(agentId.utf8), list)
    }

    public func load(_ agentId: String) throws -> Agent? {
        let (agents, records) = (self.agents, self.records)
        return try database.environment.read { try $0.get(agents, Array(agentId.utf8), cachedIn: records) }
    }

    /// Every agent, for the controller's start.
    public func all() throws -> [Agent] {
        let agents = self.agents
        var result: [Agent] = []
        try database.environment.read { transaction in
            try transaction.scan(agents) { _, value in
                result.append(try ValueCoding.decode(Agent.self, from: value))
                return true
            }
        }
        return result
    }

    /// A page of agents, newest first, and how many match in all.
    public func list(owner: String?, status: AgentStatus?, limit: Int, offset: Int) throws -> (agents: [Agent], total: Int) {
        try page(owner: owner, status: status, limit: limit, offset: offset, cachedIn: records)
    }

    /// The page `list` gives, with only what a listing shows of each agent.
    public func summaries(owner: String?, status: AgentStatus?, limit: Int, offset: Int) throws -> (agents: [AgentSummary], total: Int) {
        try page(owner: owner, status: status, limit: limit, offset: offset, cachedIn: summaryRecords)
    }

    /// A page of the agents' records decoded as `Item` through `cache`; the index keys are read
    /// where they lie in the map and each id copied into one reused buffer.
    private func page<Item>(
        owner: String?, status: AgentStatus?, limit: Int, offset: Int, cachedIn cache: DecodeCache<Item>
    ) throws -> (agents: [Item], total: Int) {
        let prefix = Self.prefix(owner: owner, status: status)
        let (agents, index, counts) = (self.agents, self.index, self.counts)
        return try database.environment.read { transaction in
            let total = try Self.count(prefix, in: transaction, counts)
            var page: [Item] = []
            page.reserveCapacity(max(0, min(limit, total - offset)))
            var skipped = 0
            var agentId: [UInt8] = []
            try transaction.scanInPlace(index, prefix: prefix, reverse: true) { key, _ in
                if skipped < offset {
                    skipped += 1
                    return true
                }
                agentId.removeAll(keepingCapacity: true)
                agentId.append(contentsOf: UnsafeRawBufferPointer(rebasing: key[(prefix.count + 8)...]))
                if let item = try transaction.get(agents, agentId, cachedIn: cache) { page.append(item) }
                return page.count < limit
            }
            return (page, total)
        }
    }

    /// How many agents have each status.
    public func statusCounts() throws -> [String: Int] {
        let counts = self.counts
        return try database.environment.read { transaction in
            var result: [String: Int] = [:]
            for status in AgentStatus.allCases {
                let count = try Self.count(Self.statusKey(status), in: transaction, counts)
                if count > 0 { result[status.rawValue] = count }
            }
            return result
        }
    }

    /// How many agents have `status`.
    public func count(of status: AgentStatus) throws -> Int {
        let counts = self.counts
        return try database.environment.read { try Self.count(Self.statusKey(status), in: $0, counts) }
    }

    /// The count key of each status (`prefix(owner: nil, status:)`), made once: health and the
    /// metrics read them on every request.
    private static let statusKeys = Dictionary(uniqueKeysWithValues: AgentStatus.allCases.map { ($0, prefix(owner: nil, status: $0)) })

    private static func statusKey(_ status: AgentStatus) -> [UInt8] {
        statusKeys[status] ?? prefix(owner: nil, status: status)
    }

    /// Deployments that reached DEPLOYED, and that ended FAILED, as the controller recorded them.
    public func deploymentOutcomes() throws -> (successful: Int, failed: Int) {
        let counts = self.counts
        return try database.environment.read { transaction in
            (try Self.count(Self.outcomeKey(successful: true), in: transaction, counts),
             try Self.count(Self.outcomeKey(successful: false), in: transaction, counts))
        }
    }

    /// Counts one deployment outcome, in the transaction that records the transition.
    func countOutcome(successful: Bool, in transaction: WriteTransaction) throws {
        try adjust(Self.outcomeKey(successful: successful), by: 1, in: transaction)
    }

    static func outcomeKey(successful: Bool) -> [UInt8] {
        var key = KeyBuilder()
        key.append("d")
        key.append(successful ? "ok" : "failed")
        return key.bytes
    }

    /// Replicas asked for by all of `owner`'s agents.
    func replicas(of owner: String, in transaction: Transaction) throws -> Int {
        try Self.count(Self.replicaKey(owner), in: transaction, counts)
    }

    func agentCount(of owner: String, in transaction: Transaction) throws -> Int {
        try Self.count(Self.prefix(owner: owner, status: nil), in: transaction, counts)
    }

    func agentId(owner: String, name: String, in transaction: Transaction) throws -> String? {
        try transaction.get(names, Self.nameKey(owner: owner, name: name)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `agent` (new when `old` is nil) and moves its index entries and counts from `old`.
    func save(_ agent: Agent, replacing old: Agent?, in transaction: WriteTransaction) throws {
        if let old { try unindex(old, in: transaction) }
        try transaction.put(agents, Array(agent.agentId.utf8), agent)
        let idBytes: [UInt8] = Array(agent.agentId.utf8)
        try transaction.put(names, Self.nameKey(owner: agent.ownerId, name: agent.name), idBytes)
        for prefix in Self.prefixes(agent) {
            try transaction.put(index, Self.indexKey(prefix, agent), [UInt8]())
            try adjust(prefix, by: 1, in: transaction)
        }
        try adjust(Self.replicaKey(agent.ownerId), by: agent.resources.replicas, in: transaction)
        try adjust(Self.memoryKey, by: Self.requestedMemory(agent), in: transaction)
    }

    /// Removes `agent`, its name and its index entries.
    func remove(_ agent: Agent, in transaction: WriteTransaction) throws {
        try unindex(agent, in: transaction)
        try transaction.delete(agents, Array(agent.agentId.utf8))
        try transaction.delete(names, Self.nameKey(owner: agent.ownerId, name: agent.name))
        try transaction.delete(packages, Array(agent.agentId.utf8))
    }

    private func unindex(_ agent: Agent, in transaction: WriteTransaction) throws {
        for prefix in Self.prefixes(agent) {
            try transaction.delete(index, Self.indexKey(prefix, agent))
            try adjust(prefix, by: -1, in: transaction)
        }
        try adjust(Self.replicaKey(agent.ownerId), by: -agent.resources.replicas, in: transaction)
        try adjust(Self.memoryKey, by: -Self.requestedMemory(agent), in: transaction)
    }

    private func adjust(_ key: [UInt8], by delta: Int, in transaction: WriteTransaction) throws {
        let value = try Self.count(key, in: transaction, counts) + delta
        if value == 0 {
            try transaction.delete(counts, key)
        } else {
            var builder = KeyBuilder()
            builder.append(Int64(value))
            try transaction.put(counts, key, builder.bytes)
        }
    }

    /// The count stored under `key`, read where it lies in the map.
    private static func count(_ key: [UInt8], in transaction: Transaction, _ counts: Table) throws -> Int {
        try transaction.withValue(counts, key) { bytes in bytes.flatMap(KeyReader.int64(at:)).map { Int($0) } ?? 0 }
    }

    static func prefix(owner: String?, status: AgentStatus?) -> [UInt8] {
        // Two letters, the owner and the status, each string with its terminator.
        var key = KeyBuilder(capacity: 2 + (owner?.utf8.count ?? 0) + 1 + (status?.rawValue.utf8.count ?? 0) + 1)
        switch (owner, status) {
        case (nil, nil): key.append("a")
        case (let owner?, nil): key.append("o"); key.append(owner)
        case (nil, let status?): key.append("s"); key.append(status.rawValue)
        case (let owner?, let status?): key.append("os"); key.append(owner); key.append(status.rawValue)
        }
        return key.bytes
    }

    static func prefixes(_ agent: Agent) -> [[UInt8]] {
        [prefix(owner: nil, status: nil), prefix(owner: agent.ownerId, status: nil),
         prefix(owner: nil, status: agent.status), prefix(owner: agent.ownerId, status: agent.status)]
    }

    static func indexKey(_ prefix: [UInt8], _ agent: Agent) -> [UInt8] {
        var key = KeyBuilder()
        key.append(bytes: prefix)
        key.append(Int64((agent.createdAt.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        key.append(bytes: Array(agent.agentId.utf8))
        return key.bytes
    }

    static func nameKey(owner: String, name: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(owner)
        key.append(name)
        return key.bytes
    }

    static let memoryKey: [UInt8] = Array("m".utf8)
    static let memoryCountedKey: [UInt8] = Array("m-counted".utf8)

    static func replicaKey(_ owner: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append("r")
        key.append(owner)
        return key.bytes
    }
}
