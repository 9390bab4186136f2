import Foundation
import LaunchpadThreads
import LaunchpadStore

/// Every agent's log: replica output and launchpad's own lifecycle messages, appended to LMDB in
/// batches, kept per agent by count and by age, and read back in order or followed.
///
/// Table `agent_logs`: key = agentId, 0x00, id (8 bytes big-endian, increasing), so that an agent's
/// newest lines are one reverse cursor walk. Value: time (µs, 8 bytes), level (1 byte), pod length
/// (2 bytes), pod, message — a fixed layout, since a chatty replica writes many thousands a second.
public final class AgentLogs: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var maxEntriesPerAgent: Int
        public var maxAge: TimeInterval
        /// How often queued lines are committed (one durable transaction for all of them).
        public var flushInterval: TimeInterval
        /// Lines waiting for a commit beyond this are dropped (and counted), so that a flood cannot
        /// grow launchpad's memory without bound.
        public var maxPending: Int
        /// Concurrent `follow` streams; more are refused.
        public var maxFollowers: Int
        /// Follow streams one API key may hold at once, and one user with all their keys: one
        /// tenant cannot take every slot.
        public var maxFollowersPerKey: Int
        public var maxFollowersPerUser: Int
        /// How long one stream lasts before the server ends it; the client reconnects with
        /// `Last-Event-ID` and misses nothing.
        public var maxStreamLifetime: TimeInterval

        public init(
            maxEntriesPerAgent: Int = 10_000, maxAge: TimeInterval = 7 * 86_400, flushInterval: TimeInterval = 0.05, maxPending: Int = 200_000,
            maxFollowers: Int = 16, maxFollowersPerKey: Int = 4, maxFollowersPerUser: Int = 8, maxStreamLifetime: TimeInterval = 3600
        ) {
            self.maxEntriesPerAgent = maxEntriesPerAgent
            self.maxAge = maxAge
            self.flushInterval = flushInterval
            self.maxPending = maxPending
            self.maxFollowers = maxFollowers
            self.maxFollowersPerKey = maxFollowersPerKey
            self.maxFollowersPerUser = maxFollowersPerUser
            self.maxStreamLifetime = maxStreamLifetime
        }
    }

    public let configuration: Configuration
    let database: Database
    let table: Table
    private let condition = NSCondition()
    private var pending: [(agentId: String, entry: AgentLogEntry)] = []
    private var lastId: UInt64
    /// The newest id committed: followers wait for it to pass theirs.
    private var committedId: UInt64 = 0
    private var counts: [String: Int] = [:]
    /// Agents removed in the last minute or two, by when: a line that arrives for one later (a
    /// stopped replica's last output) is dropped rather than outliving the agent in the store.
    private var removed: [String: Date] = [:]
    /// Held from taking a batch until it is written, and while an agent's lines are removed, so that
    /// a batch taken before a removal cannot write the agent's lines back after it.
    private let writing = NSLock()
    private var followers = 0
    private var followersByKey: [String: Int] = [:]
    private var followersByUser: [String: Int] = [:]
    private var stopping = false
    private var lastAgePrune = Date()
    private var writer: BackgroundLoop?
    private var writtenCount = 0
    private var droppedCount = 0

    /// Lines committed since start.
    public var written: Int {
        condition.lock(); defer { condition.unlock() }
        return writtenCount
    }

    /// Lines dropped since start: the queue was full, or their commit failed.
    public var dropped: Int {
        condition.lock(); defer { condition.unlock() }
        return droppedCount
    }

    public init(database: Database, configuration: Configuration = Configuration()) throws {
        self.database = database
        self.configuration = configuration
        table = try database.environment.openTable("agent_logs")
        lastId = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        writer = BackgroundLoop(name: "log-writer", interval: configuration.flushInterval, finalPass: true) { [unowned self] in
            writeQueued()
        }
    }

    /// Queues a line a replica wrote; its level and time come from the line when it says them.
    public func append(agentId: String, pod: String, line: String, isStderr: Bool, at time: Date = Date()) {
        let parsed = LogLineParser.parse(line, isStderr: isStderr, receivedAt: time)
        enqueue(agentId: agentId, pod: pod, level: parsed.level, message: parsed.message, time: parsed.time)
    }

    /// Queues one of launchpad's own messages about the agent (deploying, started, failed and why).
    public func lifecycle(agentId: String, level: String = "INFO", _ message: String) {
        enqueue(agentId: agentId, pod: "launchpad", level: level, message: message, time: Date())
    }

    private func enqueue(agentId: String, pod: String, level: String, message: String, time: Date) {
        condition.lock()
        defer { condition.unlock() }
        guard removed[agentId] == nil else { return }
        guard pending.count < configuration.maxPending else {
            droppedCount += 1
            return
        }
        lastId = max(lastId + 1, UInt64(max(0, Date().timeIntervalSince1970) * 1_000_000))
        pending.append((agentId, AgentLogEntry(id: lastId, timestamp: time, level: level, message: message, pod: pod)))
    }

    /// Commits what is queued, stops the writer thread.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        writer?.stop()
    }

    // MARK: Reading

    /// The newest `lines` entries (oldest first) no older than `since`, and whether more matched.
    public func recent(agentId: String, lines: Int, since: Date?) throws -> (entries: [AgentLogEntry], truncated: Bool) {
        let prefix = Self.prefix(agentId)
        let table = self.table
        var entries: [AgentLogEntry] = []
        var truncated = false
        try database.environment.read { transaction in
            try transaction.scan(table, prefix: prefix, reverse: true) { key, value in
                guard let entry = Self.decode(key: key, value: value, prefixCount: prefix.count) else { return true }
                if let since, entry.timestamp < since { return false }
                if entries.count == lines {
                    truncated = true
                    return false
                }
                entries.append(entry)
                return true
            }
        }
        return (entries.reversed(), truncated)
    }

    /// Entries after `id`, oldest first, at most `limit`.
    public func entries(agentId: String, after id: UInt64, limit: Int) throws -> [AgentLogEntry] {
        let prefix = Self.prefix(agentId)
        var start = KeyBuilder()
        start.append(bytes: prefix)
        start.append(id &+ 1)
        let table = self.table
        var entries: [AgentLogEntry] = []
        try database.environment.read { transaction in
            try transaction.scan(table, from: start.bytes) { key, value in
                guard key.starts(with: prefix), let entry = Self.decode(key: key, value: value, prefixCount: prefix.count) else { return false }
                entries.append(entry)
                return entries.count < limit
            }
        }
        return entries
    }

    /// Waits until an entry newer than `id` is committed (any agent's), or `timeout` passes.
    public func waitForCommit(after id: UInt64, timeout: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while committedId <= id && !stopping {
            if !condition.wait(until: deadline) { return }
        }
    }

    /// The newest committed id, where a follower without history starts.
    public var newestCommittedId: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return committedId
    }

    /// Takes a follower slot, given back when the returned slot is released (however the stream
    /// ends, even if it never starts); nil when all are taken.
    ///
    /// Refused (nil, with the limit that was reached) when every slot is taken, or when `keyId` or
    /// `userId` already holds its share.
    public func beginFollowing(keyId: String, userId: String) -> Result<FollowerSlot, FollowerLimit> {
        condition.lock()
        defer { condition.unlock() }
        guard followers < configuration.maxFollowers else { return .failure(.server(configuration.maxFollowers)) }
        guard followersByKey[keyId, default: 0] < configuration.maxFollowersPerKey else { return .failure(.key(configuration.maxFollowersPerKey)) }
        guard followersByUser[userId, default: 0] < configuration.maxFollowersPerUser else { return .failure(.user(configuration.maxFollowersPerUser)) }
        followers += 1
        followersByKey[keyId, default: 0] += 1
        followersByUser[userId, default: 0] += 1
        return .success(FollowerSlot(logs: self, keyId: keyId, userId: userId))
    }

    fileprivate func endFollowing(keyId: String, userId: String) {
        condition.lock()
        followers -= 1
        followersByKey[keyId, default: 1] -= 1
        if followersByKey[keyId] == 0 { followersByKey[keyId] = nil }
        followersByUser[userId, default: 1] -= 1
        if followersByUser[userId] == 0 { followersByUser[userId] = nil }
        condition.unlock()
    }

    /// Removes every entry of a deleted agent.
    public func remove(agentId: String) throws {
        writing.lock()
        defer { writing.unlock() }
        condition.lock()
        removed[agentId] = Date()
        pending.removeAll { $0.agentId == agentId }
        condition.unlock()
        let prefix = Self.prefix(agentId)
        let table = self.table
        try database.writer.write { transaction in
            var keys: [[UInt8]] = []
            try transaction.scan(table, prefix: prefix) { key, _ in
                keys.append(key)
                return true
            }
            for key in keys { try transaction.delete(table, key) }
        }
        condition.lock()
        counts[agentId] = nil
        condition.unlock()
    }

    // MARK: Writing

    /// One pass of the writer: the lines queued, and once a minute the pruning by age.
    private func writeQueued() {
        flushPending()
        guard Date().timeIntervalSince(lastAgePrune) > 60 else { return }
        lastAgePrune = Date()
        condition.lock()
        removed = removed.filter { lastAgePrune.timeIntervalSince($0.value) < 60 }
        condition.unlock()
        pruneByAge()
    }

    private func flushPending() {
        writing.lock()
        defer { writing.unlock() }
        condition.lock()
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        condition.unlock()
        if !batch.isEmpty { flush(batch) }
    }

    private func flush(_ batch: [(agentId: String, entry: AgentLogEntry)]) {
        let table = self.table
        do {
            try database.writer.write { transaction in
                for (agentId, entry) in batch {
                    try transaction.put(table, Self.key(agentId, entry.id), Self.encode(entry))
                }
            }
        } catch {
            condition.lock()
            droppedCount += batch.count
            condition.unlock()
            return
        }
        var added: [String: Int] = [:]
        for (agentId, _) in batch { added[agentId, default: 0] += 1 }
        condition.lock()
        writtenCount += batch.count
        committedId = max(committedId, batch.last!.entry.id)
        condition.broadcast()
        condition.unlock()
        for (agentId, count) in added { trim(agentId, adding: count) }
    }

    /// Keeps at most `maxEntriesPerAgent`, deleting the oldest.
    private func trim(_ agentId: String, adding count: Int) {
        let prefix = Self.prefix(agentId)
        let table = self.table
        condition.lock()
        let known = counts[agentId]
        condition.unlock()
        var total = known.map { $0 + count } ?? 0
        if known == nil {
            _ = try? database.environment.read { transaction in
                try transaction.scan(table, prefix: prefix) { _, _ in
                    total += 1
                    return true
                }
            }
        }
        let excess = total - configuration.maxEntriesPerAgent
        if excess > 0 {
            _ = try? database.writer.write { transaction in
                var keys: [[UInt8]] = []
                try transaction.scan(table, prefix: prefix) { key, _ in
                    keys.append(key)
                    return keys.count < excess
                }
                for key in keys { try transaction.delete(table, key) }
            }
            total -= excess
        }
        condition.lock()
        counts[agentId] = total
        condition.unlock()
    }

    /// Deletes entries older than `maxAge` for every agent with entries.
    private func pruneByAge() {
        let cutoff = Date().addingTimeInterval(-configuration.maxAge)
        let table = self.table
        condition.lock()
        let agents = Array(counts.keys)
        condition.unlock()
        for agentId in agents {
            let prefix = Self.prefix(agentId)
            var removed = 0
            _ = try? database.writer.write { transaction in
                var keys: [[UInt8]] = []
                try transaction.scan(table, prefix: prefix) { key, value in
                    guard let entry = Self.decode(key: key, value: value, prefixCount: prefix.count), entry.timestamp < cutoff else { return false }
                    keys.append(key)
                    return keys.count < 10_000
                }
                for key in keys { try transaction.delete(table, key) }
                removed = keys.count
            }
            condition.lock()
            if let count = counts[agentId] { counts[agentId] = max(0, count - removed) }
            condition.unlock()
        }
    }

    // MARK: Encoding

    static func prefix(_ agentId: String) -> [UInt8] {
        Array(agentId.utf8) + [0]
    }

    static func key(_ agentId: String, _ id: UInt64) -> [UInt8] {
        var key = KeyBuilder()
        key.append(bytes: prefix(agentId))
        key.append(id)
        return key.bytes
    }

    static func encode(_ entry: AgentLogEntry) -> [UInt8] {
        var bytes = KeyBuilder()
        bytes.append(Int64((entry.timestamp.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        let level = UInt8(LogLineParser.levels.firstIndex(of: entry.level) ?? 2)
        let pod = Array(entry.pod.utf8.prefix(65_535))
        bytes.append(bytes: [level, UInt8(pod.count >> 8), UInt8(pod.count & 0xFF)] + pod + Array(entry.message.utf8))
        return bytes.bytes
    }

    static func decode(key: [UInt8], value: [UInt8], prefixCount: Int) -> AgentLogEntry? {
        guard key.count == prefixCount + 8, value.count >= 11 else { return nil }
        var idReader = KeyReader(Array(key[prefixCount...]))
        var reader = KeyReader(Array(value[0..<8]))
        guard let id = idReader.readUInt64(), let micros = reader.readInt64() else { return nil }
        let level = Int(value[8])
        let podLength = Int(value[9]) << 8 | Int(value[10])
        guard value.count >= 11 + podLength, level < LogLineParser.levels.count else { return nil }
        let pod = String(decoding: value[11..<(11 + podLength)], as: UTF8.self)
        let message = String(decoding: value[(11 + podLength)...], as: UTF8.self)
        return AgentLogEntry(id: id, timestamp: Date(timeIntervalSince1970: Double(micros) / 1_000_000), level: LogLineParser.levels[level], message: message, pod: pod)
    }
}

/// One `follow` stream's claim on a follower slot; the slot is free again when this is released.
public final class FollowerSlot: Sendable {
    private let logs: AgentLogs
    private let keyId: String
    private let userId: String

    fileprivate init(logs: AgentLogs, keyId: String, userId: String) {
        self.logs = logs
        self.keyId = keyId
        self.userId = userId
    }

    deinit {
        logs.endFollowing(keyId: keyId, userId: userId)
    }
}

/// Which follower limit refused a stream, and its value.
public enum FollowerLimit: Error, Equatable, Sendable {
    case server(Int)
    case key(Int)
    case user(Int)
}
