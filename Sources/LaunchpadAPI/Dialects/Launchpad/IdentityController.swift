import LaunchpadCore
import LaunchpadHTTP

/// POST /api/auth/generate-key, GET and PUT /api/users/profile.
struct IdentityController: Sendable {
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.post("/api/auth/generate-key") { request in
            let principal = try request.principal(holding: .usersCreate, identity)
            let body = try JSON.decode(GenerateKeyBody.self, from: request.body)
            return try .json(IssuedKeyBody(try identity.generateKey(body.grant, by: principal)), status: 201)
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
