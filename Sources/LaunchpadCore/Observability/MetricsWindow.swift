import Foundation
import LaunchpadThreads
import LaunchpadStore

/// Each agent's recent CPU and memory samples in LMDB (`agent_metrics`: agentId, 0, time in ms →
/// cpu cores as a double's bits and memory bytes), kept for `window`. Samples are queued and
/// committed once a second in one transaction, so that sampling never waits for a disk.
public final class MetricsWindow: @unchecked Sendable {
    public struct Sample: Codable, Sendable, Equatable {
        public var timestamp: Date
        /// nil when the sample had no earlier one to measure CPU against.
        public var cpu: Double?
        public var memory: Int

        public init(timestamp: Date, cpu: Double?, memory: Int) {
            self.timestamp = timestamp
            self.cpu = cpu
            self.memory = memory
        }
    }

    public let window: TimeInterval
    let database: Database
    let table: Table
    private let lock = NSLock()
    private var pending: [(agentId: String, sample: Sample)] = []
    private var flusher: BackgroundLoop?

    public init(database: Database, window: TimeInterval = 3600) throws {
        self.database = database
        self.window = window
        table = try database.environment.openTable("agent_metrics")
        flusher = BackgroundLoop(name: "metrics-window", interval: 1) { [weak self] in self?.flush() }
    }

    public func record(_ agentId: String, _ sample: Sample) {
        lock.lock()
        pending.append((agentId, sample))
        lock.unlock()
    }

    /// The agent's samples no older than `since`, oldest first.
    public func samples(_ agentId: String, since: Date) throws -> [Sample] {
        let prefix = Array(agentId.utf8) + [0]
        var start = KeyBuilder()
        start.append(bytes: prefix)
        start.append(since)
        let table = self.table
        var samples: [Sample] = []
        try database.environment.read { transaction in
            try transaction.scan(table, from: start.bytes) { key, value in
                guard key.starts(with: prefix), let sample = Self.decode(key: key, value: value, prefixCount: prefix.count) else { return false }
                samples.append(sample)
                return true
            }
        }
        return samples
    }

    /// Commits what is queued and drops samples older than the window for the agents it touched.
    public func flush() {
        lock.lock()
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        lock.unlock()
        guard !batch.isEmpty else { return }
        let table = self.table
        let cutoff = Date().addingTimeInterval(-window)
        let agents = Set(batch.map(\.agentId))
        _ = try? database.writer.write { transaction in
            for (agentId, sample) in batch {
                var key = KeyBuilder()
                key.append(bytes: Array(agentId.utf8) + [0])
                key.append(sample.timestamp)
                try transaction.put(table, key.bytes, Self.encode(sample))
            }
            for agentId in agents {
                let prefix = Array(agentId.utf8) + [0]
                var old: [[UInt8]] = []
                try transaction.scan(table, prefix: prefix) { key, value in
                    guard let sample = Self.decode(key: key, value: value, prefixCount: prefix.count), sample.timestamp < cutoff else { return false }
                    old.append(key)
                    return true
                }
                for key in old { try transaction.delete(table, key) }
            }
        }
    }

    public func stop() {
        flusher?.stop()
        flush()
    }

    static func encode(_ sample: Sample) -> [UInt8] {
        var bytes = KeyBuilder()
        bytes.append((sample.cpu ?? .nan).bitPattern)
        bytes.append(Int64(sample.memory))
        return bytes.bytes
    }

    static func decode(key: [UInt8], value: [UInt8], prefixCount: Int) -> Sample? {
        guard key.count == prefixCount + 8, value.count == 16 else { return nil }
        var time = KeyReader(Array(key[prefixCount...]))
        var reader = KeyReader(value)
        guard let millis = time.readInt64(), let bits = reader.readUInt64(), let memory = reader.readInt64() else { return nil }
        let cpu = Double(bitPattern: bits)
        return Sample(timestamp: Date(timeIntervalSince1970: Double(millis) / 1000), cpu: cpu.isNaN ? nil : cpu, memory: Int(memory))
    }
}
