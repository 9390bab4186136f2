import LaunchpadDomain
import Foundation
@testable import LaunchpadCore
import LaunchpadHTTP
import LaunchpadStore
import Testing

/// Stored records are read tolerantly: a field a newer binary added, at any depth, is ignored by
/// this one, so a rollback or a mixed fleet does not make records unreadable. Request bodies stay
/// strict: a misspelt field is still a 400.
struct StoredRecordToleranceTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)

    /// Rewrites the JSON stored under `key` in `table`, adding a field at each object `paths` names.
    private func addUnknownFields(_ database: Database, _ table: Table, _ key: [UInt8], at paths: [[String]]) throws {
        let stored: [UInt8]? = try database.environment.read { transaction in try transaction.get(table, key) }
        let bytes = try #require(stored)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        for path in paths { object = Self.adding(to: object, at: path[...]) }
        let rewritten = Array(try JSONSerialization.data(withJSONObject: object))
        try database.writer.write { transaction in try transaction.put(table, key, rewritten) }
    }

    private static func adding(to object: [String: Any], at path: ArraySlice<String>) -> [String: Any] {
        var object = object
        guard let first = path.first else {
            object["addedByANewerBinary"] = ["nested": [1, 2, 3]]
            return object
        }
        if let inner = object[first] as? [String: Any] {
            object[first] = adding(to: inner, at: path.dropFirst())
        } else if let list = object[first] as? [[String: Any]] {
            object[first] = list.map { adding(to: $0, at: path.dropFirst()) }
        }
        return object
    }

    @Test func anAgentWithFieldsThisBinaryDoesNotKnowIsStillRead() throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        let agentId = try agents.create(AgentDraft(name: "future-bot", personality: .test, resources: .init(replicas: 0)), by: alice).agentId
        try addUnknownFields(fixture.services.database, agents.store.agents, Array(agentId.utf8), at: [[], ["personality"], ["resources"], ["transitions"]])
        let details = try agents.visibleAgent(agentId, to: alice)
        #expect(details.name == "future-bot")
        #expect(details.personality == .test)
        #expect(try agents.list(for: alice, owner: nil, status: nil, limit: 10, offset: 0).agents.map(\.agentId) == [agentId])
    }

    @Test func aUserWithFieldsThisBinaryDoesNotKnowIsStillRead() throws {
        let fixture = try AgentStoreTests.Fixture()
        let identity = fixture.services.identity
        let issued = try identity.generateKey(KeyGrant(username: "carol", email: "carol@example.com", role: .user), by: nil)
        let principal = try identity.authenticate(issued.apiKey).principal
        try addUnknownFields(fixture.services.database, identity.users, Array(principal.userId.utf8), at: [[], ["notifications"]])
        #expect(try identity.profile(of: principal).username == "carol")
    }
}
