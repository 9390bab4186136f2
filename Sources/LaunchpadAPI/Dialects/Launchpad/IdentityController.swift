import LaunchpadCore
import LaunchpadHTTP

/// POST /api/auth/generate-key, GET and PUT /api/users/profile.
struct IdentityController: Sendable {
    let identity: IdentityService

    func register(on group: inout RouteGroup) {
        group.post("/api/auth/generate-key") { request in
            let principal = try request.principal(holding: .usersCreate, identity)
            let body = try JSON.decode(GenerateKeyRequest.self, from: request.body)
            return try .json(try identity.generateKey(body, by: principal), status: 201)
        }
        group.get("/api/users/profile") { request in
            try .json(try identity.profile(of: try request.principal()))
        }
        group.put("/api/users/profile") { request in
            let body = try JSON.decode(UpdateProfileRequest.self, from: request.body)
            return try .json(try identity.updateProfile(of: try request.principal(), body))
        }
    }
}
