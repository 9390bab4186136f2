import Foundation
import LaunchpadCore

/// An operation as AgentMetal shows it; the 202 of a change carries its first three fields.
struct OperationAnswer: Encodable, Sendable {
    var operationId: String
    var status: String
    var resourceId: String
    var kind: String
    var error: String?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case operationId = "operation_id", status, resourceId = "resource_id", kind, error, createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ record: OperationRecord) {
        operationId = record.operationId
        status = record.status.rawValue
        resourceId = record.resourceId
        kind = record.kind.rawValue
        error = record.error
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}
