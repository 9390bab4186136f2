import LaunchpadCore
import LaunchpadHTTP

/// POST /api/auth/generate-key, GET and PUT /api/users/profile.
struct IdentityController: Sendable {
    let identity: IdentityService

    func register(on router: inout Router) {
        router.post("/api/auth/generate-key") { request in
            let principal = try request.principal(holding: .usersCreate, identity)
            let body = try JSON.decode(GenerateKeyRequest.self, from: request.body)
            return try .json(try identity.generateKey(body, by: principal), status: 201)
        }
        router.get("/api/users/profile") { request in
            try .json(try identity.profile(of: try request.principal()))
        }
        router.put("/api/users/profile") { request in
            let body = try JSON.decode(UpdateProfileRequest.self, from: request.body)
            return try .json(try identity.updateProfile(of: try request.principal(), body))
        }
    }
}
