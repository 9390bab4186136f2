import Foundation
import LaunchpadAgentProtocol
@testable import LaunchpadCore
import LaunchpadDomain
import LaunchpadTestSupport
import Testing

/// Sessions in LMDB: made and seen only by their user (or an ADMIN), turns committed whole,
/// history cut to the configured length, idle ones expired, the least recently used evicted past
/// an agent's limit, an agent's sessions gone with it, and everything still there after reopening.
struct SessionServiceTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)
    private let bob = Principal(keyId: "key_2", userId: "user-b", username: "bob", role: .user)
    private let admin = Principal(keyId: "key_3", userId: "user-c", username: "root", role: .admin)

    private func withServices(_ configuration: SessionService.Configuration = .init(), directory: TemporaryDirectory? = nil, _ body: (Services) throws -> Void) throws {
        let directory = try directory ?? TemporaryDirectory()
        var settings = Services.Configuration()
        settings.sessions = configuration
        let services = try Services(dataDirectory: directory.path, configuration: settings)
        defer { services.close() }
        try body(services)
    }

    private func agent(_ services: Services, _ name: String = "chat-bot", by principal: Principal? = nil) throws -> String {
        try services.agents.create(AgentDraft(name: name, personality: .test, resources: .init(memory: "64Mi", cpu: "100m", replicas: 0)), by: principal ?? alice).agentId
    }

    @Test func aSessionIsItsUsersAndAnAdminsOnly() throws {
        try withServices { services in
            let agentId = try agent(services)
            let session = try services.sessions.create(agentId: agentId, by: alice, metadata: ["topic": "demo"])
            #expect(session.sessionId.hasPrefix("sess_") && SessionService.isWellFormed(session.sessionId))
            #expect(try services.sessions.session(session.sessionId, agentId: agentId, for: alice) == session)
            #expect(try services.sessions.session(session.sessionId, agentId: nil, for: admin) == session)
            #expect(throws: SessionService.notFound(session.sessionId)) { try services.sessions.session(session.sessionId, agentId: agentId, for: bob) }
            #expect(throws: SessionService.notFound(session.sessionId)) { try services.sessions.session(session.sessionId, agentId: "agent-other", for: alice) }
            #expect(throws: AgentService.notFound(agentId)) { try services.sessions.create(agentId: agentId, by: bob) }
            #expect(try services.sessions.list(agentId: agentId, for: alice, limit: 10, offset: 0) == SessionPage(sessions: [session], total: 1))
            #expect(try services.sessions.list(agentId: agentId, for: admin, limit: 10, offset: 0).total == 1)
        }
    }

    @Test func listingIsNewestFirstWithOffsets() throws {
        try withServices { services in
            let agentId = try agent(services)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let made = try (0..<3).map { try services.sessions.create(agentId: agentId, by: alice, now: start.addingTimeInterval(Double($0))) }
            let page = try services.sessions.list(agentId: agentId, for: alice, limit: 2, offset: 1, now: start.addingTimeInterval(10))
            #expect(page == SessionPage(sessions: [made[1], made[0]], total: 3))
        }
    }

    @Test func aTurnIsCommittedWholeAndTheHistoryIsCut() throws {
        try withServices(.init(historyLimit: 4)) { services in
            let agentId = try agent(services)
            var session = try services.sessions.create(agentId: agentId, by: alice)
            for number in 1...3 {
                session = try services.sessions.commitTurn(session.sessionId, message: .init(role: .user, content: "q\(number)"), reply: "a\(number)")
            }
            #expect(session.turns == 3 && session.messageCount == 6)
            let conversation = try services.sessions.conversation(of: session, adding: .init(role: .user, content: "q4"))
            #expect(conversation.map(\.content) == ["a2", "q3", "a3", "q4"])
            #expect(conversation.map(\.role) == [.assistant, .user, .assistant, .user])
        }
    }

    @Test func idleSessionsExpireAndAnAgentsSessionsGoWithIt() throws {
        try withServices(.init(idleTimeoutSeconds: 60)) { services in
            let agentId = try agent(services)
            let now = Date()
            let old = try services.sessions.create(agentId: agentId, by: alice, now: now.addingTimeInterval(-120))
            let fresh = try services.sessions.create(agentId: agentId, by: alice, now: now)
            #expect(throws: SessionService.notFound(old.sessionId)) { try services.sessions.session(old.sessionId, agentId: nil, for: alice, now: now) }
            #expect(try services.sessions.prune(now: now) == 1)
            #expect(try services.sessions.activeCount() == 1)
            _ = try services.agents.delete(agentId, by: alice)
            try services.agents.removeDeleted(agentId)
            #expect(try services.sessions.prune(now: now) == 1)
            #expect(try services.sessions.activeCount() == 0)
            #expect(try services.sessions.messages(of: fresh).isEmpty)
        }
    }

    @Test func pastTheLimitTheLeastRecentlyUsedGoes() throws {
        try withServices(.init(maxPerAgent: 2)) { services in
            let agentId = try agent(services)
            let start = Date()
            let first = try services.sessions.create(agentId: agentId, by: alice, now: start)
            let second = try services.sessions.create(agentId: agentId, by: alice, now: start.addingTimeInterval(1))
            // The first is used again, so the second is now the least recently used.
            try services.sessions.commitTurn(first.sessionId, message: .init(role: .user, content: "hi"), reply: "hello", now: start.addingTimeInterval(2))
            _ = try services.sessions.create(agentId: agentId, by: alice, now: start.addingTimeInterval(3))
            #expect(try services.sessions.activeCount() == 2)
            #expect(throws: SessionService.notFound(second.sessionId)) { try services.sessions.session(second.sessionId, agentId: nil, for: alice) }
            #expect(try services.sessions.session(first.sessionId, agentId: nil, for: alice).turns == 1)
        }
    }

    @Test func sessionsSurviveReopening() throws {
        let directory = try TemporaryDirectory()
        var sessionId = ""
        try withServices(directory: directory) { services in
            let agentId = try agent(services)
            sessionId = try services.sessions.create(agentId: agentId, by: alice).sessionId
            try services.sessions.commitTurn(sessionId, message: .init(role: .user, content: "remember me"), reply: "I will")
        }
        try withServices(directory: directory) { services in
            let session = try services.sessions.session(sessionId, agentId: nil, for: alice)
            #expect(try services.sessions.messages(of: session).map(\.content) == ["remember me", "I will"])
        }
    }

    @Test func malformedIdsAndMetadataAreRefused() throws {
        try withServices { services in
            let agentId = try agent(services)
            #expect(throws: SessionService.notFound("sess_\u{0}")) { try services.sessions.session("sess_\u{0}", agentId: nil, for: alice) }
            #expect(throws: DomainError.invalid(field: "metadata", "at most 16 entries")) {
                try services.sessions.create(agentId: agentId, by: alice, metadata: Dictionary(uniqueKeysWithValues: (0..<17).map { ("k\($0)", "v") }))
            }
        }
    }
}
