import Foundation
import LaunchpadCrypto
import LaunchpadDomain
import LaunchpadStore

/// Operations in LMDB, written in the transaction of the change they describe:
///
/// - `operations`: operationId → OperationRecord
/// - `operation_index`: `r` resourceId, creation time, operationId (every operation of a resource,
///   in order); `o` resourceId, operationId (those not final yet); `t` creation time, operationId
///   (for retention)
public final class OperationStore: Sendable {
    let database: Database
    let operations: Table
    let index: Table
    /// How long an operation is kept after it was created.
    public static let retention: TimeInterval = 7 * 86_400

    init(database: Database) throws {
        self.database = database
        operations = try database.environment.openTable("operations")
        index = try database.environment.openTable("operation_index")
    }

    /// Records a new operation on `resourceId`: `pending`, or `succeeded` at once when there is
    /// nothing for the controller to do.
    func open(_ kind: OperationKind, on resourceId: String, owner: String, done: Bool, at now: Date, in transaction: WriteTransaction) throws -> OperationRecord {
        let record = OperationRecord(
            operationId: "op-" + SecureRandom.hex(8), kind: kind, resourceId: resourceId, ownerId: owner,
            status: done ? .succeeded : .pending, createdAt: now, updatedAt: now)
        try transaction.put(operations, Array(record.operationId.utf8), record)
        try transaction.put(index, Self.byResource(record), [])
        try transaction.put(index, Self.byTime(record), [])
        if !done { try transaction.put(index, Self.open(record), []) }
        return record
    }

    /// The operations of `resourceId` not final yet.
    func unfinished(of resourceId: String, in transaction: Transaction) throws -> [OperationRecord] {
        var prefix = KeyBuilder()
        prefix.append("o")
        prefix.append(resourceId)
        var ids: [String] = []
        try transaction.scan(index, prefix: prefix.bytes) { key, _ in
            ids.append(String(decoding: key.dropFirst(prefix.bytes.count), as: UTF8.self))
            return true
        }
        return try ids.compactMap { try transaction.get(operations, Array($0.utf8), as: OperationRecord.self) }
    }

    /// Whether `resourceId` has an operation in one of `statuses`; a read, to spare a write.
    func hasUnfinished(of resourceId: String, in statuses: Set<OperationStatus>) throws -> Bool {
        try database.environment.read { transaction in
            try unfinished(of: resourceId, in: transaction).contains { statuses.contains($0.status) }
        }
    }

    /// Moves the unfinished operations of `resourceId` on: `change` gives each its new status and
    /// error; a final one leaves the open index.
    func advance(_ resourceId: String, at now: Date, in transaction: WriteTransaction, _ change: (OperationRecord) -> (OperationStatus, String?)?) throws {
        for record in try unfinished(of: resourceId, in: transaction) {
            guard let (status, error) = change(record), status != record.status else { continue }
            var updated = record
            updated.status = status
            updated.error = error
            updated.updatedAt = now
            try transaction.put(operations, Array(record.operationId.utf8), updated)
            if status.isFinal { _ = try transaction.delete(index, Self.open(record)) }
        }
    }

    /// The operation, if `principal` may see it (its owner, or an ADMIN); else `notFound`, as for
    /// one that does not exist.
    public func visible(_ operationId: String, to principal: Principal) throws -> OperationRecord {
        let operations = self.operations
        let record = try database.environment.read { try $0.get(operations, Array(operationId.utf8), as: OperationRecord.self) }
        guard let record, principal.role == .admin || record.ownerId == principal.userId else {
            throw DomainError.notFound(.operation, "Operation '\(operationId.prefix(128))' not found")
        }
        return record
    }

    /// The newest `limit` operations of `resourceId`, newest first.
    public func list(of resourceId: String, limit: Int) throws -> [OperationRecord] {
        var prefix = KeyBuilder()
        prefix.append("r")
        prefix.append(resourceId)
        let (index, operations) = (self.index, self.operations)
        return try database.environment.read { transaction in
            var ids: [[UInt8]] = []
            try transaction.scan(index, prefix: prefix.bytes, reverse: true) { key, _ in
                ids.append(Array(key.dropFirst(prefix.bytes.count + 8)))
                return ids.count < limit
            }
            return try ids.compactMap { try transaction.get(operations, $0, as: OperationRecord.self) }
        }
    }

    /// Removes the operations created before `date`; returns how many.
    @discardableResult
    public func prune(createdBefore date: Date) throws -> Int {
        var bound = KeyBuilder()
        bound.append("t")
        let prefix = bound.bytes
        bound.append(date)
        let limitKey = bound.bytes
        let (index, operations) = (self.index, self.operations)
        return try database.writer.write { transaction in
            var old: [OperationRecord] = []
            try transaction.scan(index, prefix: prefix) { key, _ in
                guard key.lexicographicallyPrecedes(limitKey) else { return false }
                if let record = try transaction.get(operations, Array(key.dropFirst(prefix.count + 8)), as: OperationRecord.self) { old.append(record) }
                return old.count < 10_000
            }
            for record in old {
                _ = try transaction.delete(operations, Array(record.operationId.utf8))
                for key in [Self.byResource(record), Self.byTime(record), Self.open(record)] { _ = try transaction.delete(index, key) }
            }
            return old.count
        }
    }

    private static func byResource(_ record: OperationRecord) -> [UInt8] {
        key("r") { $0.append(record.resourceId); $0.append(record.createdAt); $0.append(bytes: Array(record.operationId.utf8)) }
    }

    private static func byTime(_ record: OperationRecord) -> [UInt8] {
        key("t") { $0.append(record.createdAt); $0.append(bytes: Array(record.operationId.utf8)) }
    }

    private static func open(_ record: OperationRecord) -> [UInt8] {
        key("o") { $0.append(record.resourceId); $0.append(bytes: Array(record.operationId.utf8)) }
    }

    /// An index key: its tag, then what `parts` appends.
    private static func key(_ tag: String, _ parts: (inout KeyBuilder) -> Void) -> [UInt8] {
        var key = KeyBuilder()
        key.append(tag)
        parts(&key)
        return key.bytes
    }
}
