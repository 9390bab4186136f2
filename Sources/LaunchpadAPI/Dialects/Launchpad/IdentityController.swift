import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// POST /api/auth/generate-key, GET and PUT /api/users/profile, and (ADMIN) the keys: listed
/// without secrets, and revoked.
struct IdentityController: Sendable {
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.post("/api/auth/generate-key") { request in
            let principal = try request.principal(holding: .usersCreate, identity)
            let body = try JSON.decode(GenerateKeyBody.self, from: request.body)
            return try .json(IssuedKeyBody(try identity.generateKey(body.grant, by: principal)), status: 201)
        }
        group.get("/api/auth/keys") { request in
            _ = try request.principal(holding: .usersRead, identity)
            let username = try request.query()["username"]
            if let username { try FieldRules.username(username) }
            let now = Date()
            let keys = try identity.listKeys().filter { username == nil || $0.username == username }
            return try .json(KeyListAnswer(keys: keys.map { KeyAnswer($0, now: now) }))
        }
        group.delete("/api/auth/keys/{keyId}") { request in
            let principal = try request.principal(holding: .usersDelete, identity)
            let keyId = try request.parameter("keyId")
            try identity.revoke(keyId: keyId, by: principal)
            return try .json(KeyRevokedAnswer(keyId: keyId, status: "REVOKED"))
        }
        group.get("/api/users/profile") { request in
            try .json(UserProfileBody(try identity.profile(of: try request.principal())))
        }
        group.put("/api/users/profile") { request in
            let body = try JSON.decode(UpdateProfileBody.self, from: request.body)
            return try .json(UserProfileBody(try identity.updateProfile(of: try request.principal(), body.changes)))
        }
    }
}
