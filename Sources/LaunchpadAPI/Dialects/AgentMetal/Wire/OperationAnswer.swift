import Foundation
import LaunchpadCore

/// An operation as AgentMetal shows it; the 202 of a change carries its first three fields.
struct OperationAnswer: Encodable, Sendable {
    var operation_id: String
    var status: String
    var resource_id: String
    var kind: String
    var error: String?
    var created_at: Date
    var updated_at: Date

    init(_ record: OperationRecord) {
        operation_id = record.operationId
        status = record.status.rawValue
        resource_id = record.resourceId
        kind = record.kind.rawValue
        error = record.error
        created_at = record.createdAt
        updated_at = record.updatedAt
    }
}
