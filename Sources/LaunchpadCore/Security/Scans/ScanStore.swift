import Foundation
import LaunchpadStore

/// Scans in LMDB:
///
/// - `scans`: scanId → `StoredScan` (the scan and who owns its agent)
/// - `agent_scans`: agentId 0, time (big-endian microseconds), scanId → nothing: an agent's history,
///   newest first in one reverse prefix walk. At most `historyLimit` per agent are kept.
public final class ScanStore: Sendable {
    let database: Database
    let scans: Table
    let history: Table
    let historyLimit: Int

    public init(database: Database, historyLimit: Int = 50) throws {
        self.database = database
        self.historyLimit = historyLimit
        scans = try database.environment.openTable("scans")
        history = try database.environment.openTable("agent_scans")
    }

    public func scan(_ scanId: String) throws -> StoredScan? {
        let scans = self.scans
        return try database.environment.read { try $0.get(scans, Array(scanId.utf8), as: StoredScan.self) }
    }

    /// The newest `limit` scans of an agent, and how many are kept.
    public func history(of agentId: String, limit: Int) throws -> ScanHistory {
        let (scans, history) = (self.scans, self.history)
        return try database.environment.read { transaction in
            var page: [Scan] = []
            var total = 0
            try transaction.scan(history, prefix: Self.prefix(agentId), reverse: true) { key, _ in
                total += 1
                if page.count < limit, let stored = try transaction.get(scans, Self.scanId(in: key), as: StoredScan.self) {
                    page.append(stored.scan)
                }
                return true
            }
            return ScanHistory(scans: page, total: total)
        }
    }

    /// Writes the scan and drops the agent's oldest scans beyond the limit.
    func save(_ prepared: PreparedScan, in transaction: WriteTransaction) throws {
        let scan = prepared.scan
        try transaction.put(scans, Array(scan.scanId.utf8), prepared.bytes)
        var key = KeyBuilder()
        key.append(bytes: Self.prefix(scan.agentId))
        key.append(Int64((scan.scannedAt.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        key.append(bytes: Array(scan.scanId.utf8))
        try transaction.put(history, key.bytes, [UInt8]())
        var keys: [[UInt8]] = []
        try transaction.scan(history, prefix: Self.prefix(scan.agentId), reverse: true) { key, _ in
            keys.append(key)
            return true
        }
        for old in keys.dropFirst(historyLimit) { try remove(historyKey: old, in: transaction) }
    }

    /// Removes the scans older than `cutoff` of agents that do not exist: those of creates the scan
    /// refused (the agent was never stored), which nothing else ever removes. Returns how many went.
    @discardableResult
    public func pruneOrphans(olderThan cutoff: Date, agentExists: (String) throws -> Bool) throws -> Int {
        let history = self.history
        let cutoffMicros = Int64((cutoff.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var orphans: [[UInt8]] = []
        var known: [String: Bool] = [:]
        try database.environment.read { transaction in
            try transaction.scan(history) { key, _ in
                var reader = KeyReader(key)
                guard let agentId = reader.readString(), let micros = reader.readInt64(), micros < cutoffMicros else { return true }
                if known[agentId] == nil { known[agentId] = try agentExists(agentId) }
                if known[agentId] == false { orphans.append(key) }
                return true
            }
        }
        for batch in stride(from: 0, to: orphans.count, by: 1000) {
            let keys = orphans[batch..<min(batch + 1000, orphans.count)]
            try database.writer.write { [self] transaction in
                for key in keys { try remove(historyKey: key, in: transaction) }
            }
        }
        return orphans.count
    }

    /// Removes every scan of an agent (it was deleted).
    func removeAll(of agentId: String, in transaction: WriteTransaction) throws {
        var keys: [[UInt8]] = []
        try transaction.scan(history, prefix: Self.prefix(agentId)) { key, _ in
            keys.append(key)
            return true
        }
        for key in keys { try remove(historyKey: key, in: transaction) }
    }

    private func remove(historyKey key: [UInt8], in transaction: WriteTransaction) throws {
        _ = try transaction.delete(history, key)
        _ = try transaction.delete(scans, Self.scanId(in: key))
    }

    private static func prefix(_ agentId: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(agentId)
        return key.bytes
    }

    /// The scan id: what follows the agent id, its terminator and the 8-byte time.
    private static func scanId(in key: [UInt8]) -> [UInt8] {
        let start = (key.firstIndex(of: 0) ?? key.count) + 1 + 8
        return start < key.count ? Array(key[start...]) : []
    }
}

/// A scan and its owner, encoded ahead of the write, so that the writer thread only copies bytes.
public struct PreparedScan: Sendable {
    public let scan: Scan
    public let ownerId: String
    let bytes: [UInt8]

    public init(_ scan: Scan, ownerId: String) throws {
        self.scan = scan
        self.ownerId = ownerId
        bytes = try ValueCoding.encode(StoredScan(scan: scan, ownerId: ownerId))
    }
}

/// A scan as stored: with the owner of its agent, who may read it (the agent may never have been
/// created, when the scan blocked it).
public struct StoredScan: Codable, Sendable, Equatable {
    public var scan: Scan
    public var ownerId: String
}
