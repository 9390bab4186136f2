import LaunchpadDomain
import Foundation
@testable import LaunchpadCore
import LaunchpadCrypto
import LaunchpadHTTP
import LaunchpadStore
import Testing

struct IdentityServiceTests {
    final class Fixture {
        let path = NSTemporaryDirectory() + "launchpad-identity-" + UUID().uuidString.prefix(8)
        let services: Services
        var identity: IdentityService { services.identity }

        init() throws {
            services = try Services(dataDirectory: path)
        }

        deinit {
            services.close()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func request(_ username: String = "alice", email: String = "alice@example.com", role: Role = .user, days: Int? = nil) -> KeyGrant {
        KeyGrant(username: username, email: email, role: role, expiresInDays: days)
    }

    @Test func issuedKeyHasTheDocumentedShapeAndAuthenticates() throws {
        let fixture = try Fixture()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let issued = try fixture.identity.generateKey(request(days: 10), by: nil, now: now)
        #expect(issued.apiKey.range(of: #"^alk_[0-9a-f]{64}$"#, options: .regularExpression) != nil)
        #expect(issued.keyId.range(of: #"^key_\d{12}$"#, options: .regularExpression) != nil)
        #expect(issued.expiresAt == now.addingTimeInterval(10 * 86_400))
        let record = try fixture.identity.authenticate(issued.apiKey, now: now)
        #expect(record.keyId == issued.keyId)
        #expect(record.username == "alice")
        #expect(record.role == .user)
    }

    @Test func onlyTheDigestIsStored() throws {
        let fixture = try Fixture()
        let issued = try fixture.identity.generateKey(request(), by: nil)
        let secret = Array(issued.apiKey.utf8)
        let hexSecret = Array(issued.apiKey.dropFirst(4).utf8)
        let dataFile = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.path + "/db/data.mdb")))
        #expect(!Self.contains(dataFile, secret) && !Self.contains(dataFile, hexSecret), "the key appears in the database file")
        #expect(Self.contains(dataFile, SHA256.hash(issued.apiKey)), "the SHA-256 of the key is the lookup key")
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    @Test func unknownMalformedExpiredAndRevokedKeysAllFailTheSameWay() throws {
        let fixture = try Fixture()
        let now = Date()
        let expiring = try fixture.identity.generateKey(request(days: 1), by: nil, now: now)
        let revoked = try fixture.identity.generateKey(request(), by: nil, now: now)
        try fixture.identity.revoke(keyId: revoked.keyId, by: nil)
        let attempts: [String?] = [nil, "", "alk_short", "alk_" + String(repeating: "0", count: 64), "ALK_" + String(repeating: "A", count: 64), revoked.apiKey]
        for attempt in attempts {
            #expect(throws: IdentityService.invalidKey) { try fixture.identity.authenticate(attempt, now: now) }
        }
        #expect(throws: IdentityService.invalidKey) { try fixture.identity.authenticate(expiring.apiKey, now: now.addingTimeInterval(86_401)) }
        #expect(try fixture.identity.authenticate(expiring.apiKey, now: now.addingTimeInterval(86_399)).keyId == expiring.keyId)
    }

    @Test func sameUsernameSameEmailGetsAnotherKeyOtherEmailConflicts() throws {
        let fixture = try Fixture()
        let first = try fixture.identity.generateKey(request(), by: nil)
        let second = try fixture.identity.generateKey(request(), by: nil)
        #expect(first.keyId != second.keyId)
        #expect(try fixture.identity.authenticate(first.apiKey).userId == fixture.identity.authenticate(second.apiKey).userId)
        #expect(throws: DomainError(.conflict, "User 'alice' exists with another email")) {
            try fixture.identity.generateKey(request(email: "other@example.com"), by: nil)
        }
        #expect(throws: DomainError(.conflict, "User 'alice' exists with role USER")) {
            try fixture.identity.generateKey(request(role: .admin), by: nil)
        }
        #expect(try fixture.identity.listKeys().count == 2)
    }

    @Test func invalidRequestsWriteNothing() throws {
        let fixture = try Fixture()
        let before = try fixture.services.database.environment.stats().pagesUsed
        for bad in [request("ab"), request(email: "nope"), request(days: 0), request(days: 4000)] {
            #expect(throws: DomainError.self) { try fixture.identity.generateKey(bad, by: nil) }
        }
        #expect(try fixture.identity.listKeys().isEmpty)
        #expect(try fixture.services.events.query(limit: 10, severity: nil, since: nil, audience: .everything).total == 0)
        #expect(try fixture.services.database.environment.stats().pagesUsed == before)
    }

    @Test func generationAndRevocationAreEvents() throws {
        let fixture = try Fixture()
        let issued = try fixture.identity.generateKey(request(), by: nil)
        try fixture.identity.revoke(keyId: issued.keyId, by: nil)
        let page = try fixture.services.events.query(limit: 10, severity: nil, since: nil, audience: .everything)
        #expect(page.total == 2)
        #expect(page.events.map(\.type) == [.apiKeyRevoked, .apiKeyGenerated], "newest first")
        #expect(page.events.map(\.severity) == [.medium, .low])
        #expect(page.events.allSatisfy { $0.details["keyId"] == issued.keyId })
        #expect(try fixture.services.events.query(limit: 10, severity: .low, since: nil, audience: .everything).total == 1)
        #expect(try fixture.services.events.query(limit: 10, severity: nil, since: nil, audience: .agentsOwnedBy(userId: "user-x")).total == 0)
    }

    @Test func permissionDenialIsForbiddenAndAnEvent() throws {
        let fixture = try Fixture()
        let record = try fixture.identity.authenticate(try fixture.identity.generateKey(request(), by: nil).apiKey)
        #expect(throws: DomainError(.forbidden, "This key's role (USER) lacks the permission 'users:create'")) {
            try fixture.identity.authorize(record.principal, .usersCreate, route: "/api/auth/generate-key")
        }
        let denial = try fixture.services.events.query(limit: 1, severity: nil, since: nil, audience: .everything).events.first
        #expect(denial?.type == .permissionDenied)
        #expect(denial?.details["permission"] == "users:create")
    }

    @Test func lastLoginIsWrittenAtMostOncePerInterval() throws {
        let fixture = try Fixture()
        let issued = try fixture.identity.generateKey(request(), by: nil)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try fixture.identity.noteUse(of: try fixture.identity.authenticate(issued.apiKey), now: t0)
        let afterFirst = try fixture.services.database.writer.stats.writes
        try fixture.identity.noteUse(of: try fixture.identity.authenticate(issued.apiKey), now: t0.addingTimeInterval(30))
        #expect(try fixture.services.database.writer.stats.writes == afterFirst, "a second use within a minute writes nothing")
        let principal = try fixture.identity.authenticate(issued.apiKey).principal
        #expect(try fixture.identity.profile(of: principal).lastLogin == t0)
        try fixture.identity.noteUse(of: try fixture.identity.authenticate(issued.apiKey), now: t0.addingTimeInterval(61))
        #expect(try fixture.identity.profile(of: principal).lastLogin == t0.addingTimeInterval(61))
    }

    @Test func permissionsTable() {
        let user = Principal(keyId: "k", userId: "u", username: "n", role: .user)
        let admin = Principal(keyId: "k", userId: "u", username: "n", role: .admin)
        #expect(user.can(.agentsCreate) && user.can(.agentsDelete) && user.can(.deploymentsRead))
        #expect(!user.can(.usersCreate) && !user.can(.systemRead) && !user.can(Permission(rawValue: "deployments:write")))
        #expect(admin.can(.usersCreate) && admin.can(.systemRead) && admin.can(Permission(rawValue: "deployments:write")))
        #expect(!Permission(rawValue: "agents:*").grants(Permission(rawValue: "agentsx:read")))
    }

    @Test(arguments: ["a@b.co", "first.last+tag@sub.example.org", "x@xn--bcher-kva.ch"])
    func acceptsEmails(_ email: String) throws {
        try FieldRules.email(email)
    }

    @Test(arguments: ["", "plain", "@example.com", "a@", "a@b", "a@b.c", "a b@example.com", "a@@example.com", "a@-x.com", "a@example..com"])
    func rejectsEmails(_ email: String) {
        #expect(throws: DomainError.self) { try FieldRules.email(email) }
    }

    @Test func acceptsUserIdsAsLaunchpadMakesThem() throws {
        try FieldRules.userId("user-0123456789ab", field: "query.owner")
    }

    @Test(arguments: ["", "user-", "user-0123456789a", "user-0123456789abc", "user-0123456789AB", "User-0123456789ab", "user-0123456789a\u{0}", "\u{0}"])
    func rejectsOtherUserIds(_ id: String) {
        #expect(throws: DomainError.invalid(field: "query.owner", "expected a user id such as user-0123456789ab")) {
            try FieldRules.userId(id, field: "query.owner")
        }
    }

    /// The unknown-key and wrong-key paths do the same work. Measured interleaved over many rounds,
    /// their medians must agree within a factor that noise cannot plausibly reach but a skipped
    /// lookup or decode would (those are most of the cost).
    @Test func unknownAndRevokedKeysTakeTheSameTime() throws {
        let fixture = try Fixture()
        let revoked = try fixture.identity.generateKey(request(), by: nil)
        try fixture.identity.revoke(keyId: revoked.keyId, by: nil)
        let unknown = "alk_" + SecureRandom.hex(32)
        var unknownTimes: [Duration] = []
        var revokedTimes: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<3000 {
            unknownTimes.append(clock.measure { _ = try? fixture.identity.authenticate(unknown) })
            revokedTimes.append(clock.measure { _ = try? fixture.identity.authenticate(revoked.apiKey) })
        }
        let ratio = Self.median(unknownTimes) / Self.median(revokedTimes)
        #expect(ratio > 0.7 && ratio < 1.4, "median unknown/revoked time ratio \(ratio)")
    }

    private static func median(_ values: [Duration]) -> Double {
        let sorted = values.sorted()
        let middle = sorted[sorted.count / 2].components
        return Double(middle.seconds) * 1e9 + Double(middle.attoseconds) / 1e9
    }
}

