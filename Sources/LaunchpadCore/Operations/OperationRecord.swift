import Foundation

/// One asynchronous change to a resource (an agent, which other dialects call an instance), as
/// stored in the `operations` table: `pending` when asked, `running` once the controller acts on
/// it, then `succeeded` when what runs matches, or `failed` with the reason.
public struct OperationRecord: Codable, Sendable, Equatable {
    /// `op-` and 16 hex digits.
    public var operationId: String
    public var kind: OperationKind
    /// The agent it changes.
    public var resourceId: String
    /// Who may read it: the agent's owner (and ADMIN).
    public var ownerId: String
    public var status: OperationStatus
    /// Why it failed.
    public var error: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(operationId: String, kind: OperationKind, resourceId: String, ownerId: String, status: OperationStatus, error: String? = nil, createdAt: Date, updatedAt: Date) {
        self.operationId = operationId
        self.kind = kind
        self.resourceId = resourceId
        self.ownerId = ownerId
        self.status = status
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What an operation does to its resource.
public enum OperationKind: String, Codable, Sendable, CaseIterable {
    case create, update, scale, restart, pause, resume, delete
}

/// Where an operation stands. `succeeded` and `failed` are final.
public enum OperationStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, succeeded, failed

    public var isFinal: Bool { self == .succeeded || self == .failed }
}
