import Foundation
import LaunchpadCore
import LaunchpadHTTP
import Testing
import LaunchpadTestSupport

/// Identity behaviour that golden cases cannot show on their own: per-address limits on failed
/// authentication, their events, and lastLogin through the API.
struct IdentityFlowTests {
    static let tight = RateLimitPolicies(
        user: .seedDefault, admin: .seedDefault,
        failedAuthentication: RateLimitPolicy(limit: 30, periodSeconds: 900, burst: 5, burstPeriodSeconds: 60))

    private func get(_ driver: InProcessDriver, key: String?, from address: String = "10.0.0.1") -> Response {
        var headers = HTTPHeaders()
        if let key { headers.add("X-API-Key", key) }
        return driver.application.responder.respond(to: Request(method: .get, uri: "/api/users/profile", headers: headers, remoteAddress: address))
    }

    private func code(_ response: Response) -> String? {
        guard case .object(let fields)? = try? JSONValue.parse(response.bodyBytes), case .object(let error)? = fields["error"],
              case .string(let code)? = error["code"] else { return nil }
        return code
    }

    @Test func guessingKeysFromOneAddressIsRefusedAndRecorded() throws {
        let driver = try InProcessDriver(rateLimits: Self.tight)
        for attempt in 1...5 {
            let response = get(driver, key: "alk_" + String(repeating: "\(attempt % 10)", count: 64))
            #expect(response.status == 401)
            #expect(response.headers["X-RateLimit-Remaining"] == String(5 - attempt))
        }
        // The budget is spent: further guesses from this address are refused.
        let refused = get(driver, key: "alk_" + String(repeating: "7", count: 64))
        #expect(refused.status == 429)
        #expect(code(refused) == "RESOURCE_LIMIT_EXCEEDED")
        #expect(Int(refused.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(get(driver, key: nil).status == 429, "no key at all is a failure too")
        let bursts = try driver.services.events.query(limit: 10, severity: .high, since: nil, audience: .everything)
        #expect(bursts.events.map(\.type) == [.invalidAPIKeyBurst], "one event for the burst, not one per attempt")
        #expect(bursts.events.first?.details["address"] == "10.0.0.1")
    }

    /// An attacker's failures must not lock out a user behind the same address (a NAT, a proxy).
    @Test func aValidKeyIsNeverRefusedForSomeoneElsesFailures() throws {
        let driver = try InProcessDriver(rateLimits: Self.tight)
        for attempt in 1...20 {
            _ = get(driver, key: "alk_" + String(repeating: "\(attempt % 10)", count: 64))
            #expect(get(driver, key: driver.adminKey).status == 200, "attempt \(attempt): the valid key from the same address")
        }
        #expect(get(driver, key: "alk_" + String(repeating: "1", count: 64)).status == 429, "while the attacker is refused")
    }

    @Test func everyLimitedResponseCarriesTheHeadersAndHealthIsPublic() throws {
        let driver = try InProcessDriver()
        for response in [get(driver, key: driver.adminKey), get(driver, key: nil)] {
            #expect(response.headers["X-RateLimit-Limit"] != nil)
            #expect(response.headers["X-RateLimit-Remaining"] != nil)
            #expect(response.headers["X-RateLimit-Reset"] != nil)
        }
        let health = driver.application.responder.respond(to: Request(method: .get, uri: "/api/health"))
        #expect(health.status == 200)
        #expect(health.headers["X-RateLimit-Limit"] == nil)
    }

    @Test func twoXAPIKeyHeadersAreRefused() throws {
        let driver = try InProcessDriver()
        var headers = HTTPHeaders()
        headers.add("X-API-Key", driver.adminKey)
        headers.add("X-API-Key", driver.adminKey)
        let response = driver.application.responder.respond(to: Request(method: .get, uri: "/api/users/profile", headers: headers))
        #expect(response.status == 401)
    }

    @Test func accessLogGetsTheKeyIdNeverTheKey() throws {
        let driver = try InProcessDriver()
        var headers = HTTPHeaders()
        headers.add("X-API-Key", driver.adminKey)
        let request = Request(method: .get, uri: "/api/users/profile", headers: headers)
        _ = driver.application.responder.respond(to: request)
        #expect(request.context.keyId?.hasPrefix("key_") == true)
    }
}
