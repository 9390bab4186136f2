import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// How a request presents its key (`X-API-Key`, or `Authorization: Bearer <key>` with exactly one
/// space), through the application: anything ambiguous or malformed counts as no key, a 401 that
/// still carries the failed-authentication budget's rate-limit headers.
struct PresentedKeyTests {
    private func profile(_ headers: [(String, String)], from address: String = "127.0.0.1", on server: TestServer) -> Response {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name, value) }
        return server.application.responder.respond(to: Request(method: .get, uri: "/api/users/profile", headers: fields, remoteAddress: address))
    }

    @Test func eitherHeaderPresentsTheKey() throws {
        let server = try TestServer()
        let key = try server.key("ada")
        for headers in [
            [("X-API-Key", key)], [("x-api-key", key)], [("Authorization", "Bearer \(key)")], [("authorization", "bEaReR \(key)")],
            [("X-API-Key", key), ("Authorization", "Bearer \(key)")],
        ] {
            let answer = profile(headers, on: server)
            #expect(answer.status == 200, "\(headers.map(\.0))")
            #expect(answer.headers["X-RateLimit-Limit"] != nil && answer.headers["X-RateLimit-Remaining"] != nil && answer.headers["X-RateLimit-Reset"] != nil)
            #expect(answer.headers["Cache-Control"] == "no-store")
        }
    }

    @Test func anAmbiguousOrMalformedKeyIsNoKey() throws {
        let server = try TestServer()
        let key = try server.key("ada")
        let other = try server.key("bob")
        let refused: [[(String, String)]] = [
            [],
            [("X-API-Key", key), ("Authorization", "Bearer \(other)")],
            [("X-API-Key", key), ("X-API-Key", key)],
            [("Authorization", "Bearer \(key)"), ("Authorization", "Bearer \(key)")],
            [("Authorization", key)],
            [("Authorization", "Bearer")],
            [("Authorization", "Bearer ")],
            [("Authorization", "Bearer  \(key)")],
            [("Authorization", "Bearer \(key) ")],
            [("Authorization", "Bearer \(key) \(key)")],
            [("Authorization", "Basic \(key)")],
            [("Authorization", "Bearers \(key)")],
            [("X-API-Key", "")],
            [("X-API-Key", String(key.dropLast()))],
        ]
        // From an address each, within the failed-authentication budget's burst.
        for (index, headers) in refused.enumerated() {
            let answer = profile(headers, from: "10.0.0.\(index + 1)", on: server)
            #expect(answer.status == 401, "\(headers)")
            #expect(answer.headers["X-RateLimit-Remaining"] != nil, "a failure counts against the address, and says so")
        }
    }
}
