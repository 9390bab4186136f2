import LaunchpadCore
import LaunchpadHTTP

/// `GET /v1/operations/{id}`: one operation, for its owner (anyone else gets 404).
struct OperationsController: Sendable {
    let operations: OperationStore
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.get("/v1/operations/{id}") { request in
            let principal = try request.principal(holding: .agentsRead, identity)
            let id = request.parameter("id")
            let record = try MessageEnvelope.naming(.operation, id) { try operations.visible(id, to: principal) }
            return try .json(OperationAnswer(record))
        }
    }
}
