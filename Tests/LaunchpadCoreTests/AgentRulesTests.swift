import LaunchpadDomain
import Foundation
@testable import LaunchpadCore
import LaunchpadHTTP
import Testing

struct QuantityTests {
    @Test(arguments: [("512Mi", 536_870_912), ("1Gi", 1_073_741_824), ("64Mi", 67_108_864), ("1G", 1_000_000_000), ("1.5Gi", 1_610_612_736), ("1000", 1000), ("16Gi", 17_179_869_184)])
    func memory(_ text: String, _ bytes: Int) {
        #expect(Quantity.bytes(text) == bytes)
    }

    @Test(arguments: [("500m", 500), ("250m", 250), ("1", 1000), ("0.5", 500), ("8", 8000), ("1000m", 1000)])
    func cpu(_ text: String, _ millicores: Int) {
        #expect(Quantity.millicores(text) == millicores)
    }

    @Test(arguments: ["", "lots", "1GB", "-1Gi", "1..5", ".5", "5.", "1e3", "Gi", "1 Gi", "0x10"])
    func rejects(_ text: String) {
        #expect(Quantity.parse(text) == nil)
    }
}

struct PluginNameTests {
    @Test(arguments: ["@elizaos/plugin-discord", "@elizaos/plugin-discord@1.0.0", "lodash", "lodash@4.17.21", "left-pad@^1.3.0", "@scope/name@1.0.0-beta.1"])
    func accepts(_ text: String) {
        #expect(PluginName(text) != nil)
    }

    @Test(arguments: ["", "Not A Package", "@elizaos", "@/x", "a/b", ".hidden", "_under", "UPPER", "@scope/name@", "name@1 2", "@elizaos/plugin discord"])
    func rejects(_ text: String) {
        #expect(PluginName(text) == nil)
    }

    @Test func splitsNameAndVersion() {
        #expect(PluginName("@elizaos/plugin-web3@2.1.0")?.name == "@elizaos/plugin-web3")
        #expect(PluginName("@elizaos/plugin-web3@2.1.0")?.version == "2.1.0")
        #expect(PluginName("@elizaos/plugin-web3")?.version == nil)
    }
}


struct AgentStoreTests {
    final class Fixture {
        let path = NSTemporaryDirectory() + "launchpad-agents-" + UUID().uuidString.prefix(8)
        let services: Services
        init(limits: AgentLimits = AgentLimits()) throws {
            services = try Services(dataDirectory: path, configuration: .init(agents: .init(limits: limits)))
        }
        deinit {
            services.close()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)
    private let bob = Principal(keyId: "key_2", userId: "user-b", username: "bob", role: .user)
    private let admin = Principal(keyId: "key_3", userId: "user-c", username: "root", role: .admin)

    @Test func listsNewestFirstPerOwnerAndStatusWithTotals() throws {
        let fixture = try Fixture()
        let agents = fixture.services.agents
        var ids: [String] = []
        for index in 0..<5 {
            ids.append(try agents.create(AgentDraft(name: "bot-\(index)", personality: .test, resources: .init(replicas: 0)), by: alice, now: Date(timeIntervalSince1970: Double(1_000 + index))).agentId)
        }
        _ = try agents.create(AgentDraft(name: "bob-bot", personality: .test, resources: .init(replicas: 0)), by: bob)
        let page = try agents.list(for: alice, owner: nil, status: nil, limit: 2, offset: 1)
        #expect(page.agents.map(\.agentId) == [ids[3], ids[2]])
        #expect(page.total == 5)
        #expect(try agents.list(for: admin, owner: nil, status: nil, limit: 100, offset: 0).total == 6)
        #expect(try agents.list(for: admin, owner: "user-b", status: nil, limit: 100, offset: 0).agents.map(\.name) == ["bob-bot"])
        _ = try agents.delete(ids[0], by: alice)
        #expect(try agents.list(for: alice, owner: nil, status: .deleting, limit: 10, offset: 0).agents.map(\.agentId) == [ids[0]])
        #expect(try agents.list(for: alice, owner: nil, status: .queued, limit: 10, offset: 0).total == 4)
    }

    @Test func quotasCountAgentsAndReplicas() throws {
        let fixture = try Fixture(limits: AgentLimits(agentsPerUser: 2, replicasPerUser: 3))
        let agents = fixture.services.agents
        let first = try agents.create(AgentDraft(name: "one-bot", personality: .test, resources: .init(replicas: 2)), by: alice).agentId
        #expect(throws: DomainError(.limitExceeded, "Quota reached: at most 3 replicas per user (2 in use)")) {
            try agents.create(AgentDraft(name: "two-bot", personality: .test, resources: .init(replicas: 2)), by: alice)
        }
        _ = try agents.create(AgentDraft(name: "two-bot", personality: .test, resources: .init(replicas: 1)), by: alice)
        #expect(throws: DomainError(.limitExceeded, "Quota reached: at most 2 agents per user")) {
            try agents.create(AgentDraft(name: "three-bot", personality: .test, resources: .init(replicas: 0)), by: alice)
        }
        #expect(throws: DomainError.self) { try agents.scale(first, to: 3, by: alice) }
        #expect(try agents.scale(first, to: 1, by: alice).agent.resources.replicas == 1)
        _ = try agents.create(AgentDraft(name: "bob-bot", personality: .test, resources: .init(replicas: 3)), by: bob)
    }

    @Test func secretsAreSealedAtRestAndOpenedOnlyForTheReplica() throws {
        let fixture = try Fixture()
        let agents = fixture.services.agents
        let created = try agents.create(AgentDraft(name: "secret-bot", personality: .test, resources: .init(replicas: 0), platforms: ["discord": ["token": "hunter2-token", "guildId": "g1"]]), by: alice)
        let details = try agents.visibleAgent(created.agentId, to: alice)
        #expect(details.maskedPlatforms["discord"] == ["token": "***", "guildId": "g1"])
        let file = try Data(contentsOf: URL(fileURLWithPath: fixture.path + "/db/data.mdb"))
        #expect(file.range(of: Data("hunter2-token".utf8)) == nil, "the token is not in the database file")
        let agent = try #require(try agents.store.load(created.agentId))
        let environment = try agents.platformEnvironment(agent)
        #expect(environment["DISCORD_API_TOKEN"] == "hunter2-token")
        #expect(environment["DISCORD_TOKEN"] == "hunter2-token")
        #expect(environment["DISCORD_GUILD_ID"] == "g1")
    }

    @Test func anotherOwnersAgentIsNotFoundAndDeletingBlocksChanges() throws {
        let fixture = try Fixture()
        let agents = fixture.services.agents
        let id = try agents.create(AgentDraft(name: "mine-bot", personality: .test, resources: .init(replicas: 0)), by: alice).agentId
        #expect(throws: AgentService.notFound(id)) { try agents.visibleAgent(id, to: bob) }
        #expect(throws: AgentService.notFound(id)) { try agents.scale(id, to: 1, by: bob) }
        #expect(try agents.visibleAgent(id, to: admin).name == "mine-bot")
        _ = try agents.delete(id, by: alice)
        #expect(throws: DomainError(.conflict, "Agent '\(id)' is being deleted")) { try agents.scale(id, to: 1, by: alice) }
        #expect(throws: DomainError(.conflict, "Agent '\(id)' is being deleted")) { try agents.delete(id, by: alice) }
    }
}

/// elizaOS runs no character without a bio or a system prompt, so an agent must have one.
struct PersonalityRuleTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)


    @Test func aCreateWithoutAPersonalityIsRefusedNamingIt() throws {
        let fixture = try AgentStoreTests.Fixture()
        let refused = refusal { _ = try fixture.services.agents.create(AgentDraft(name: "blank-bot", resources: .init(replicas: 0)), by: alice) }
        #expect(refused?.code == .invalid)
        #expect(refused?.field == "personality")
        #expect(try fixture.services.agents.list(for: alice, owner: nil, status: nil, limit: 10, offset: 0).total == 0, "nothing is created")
    }

    @Test(arguments: [
        Personality(), Personality(adjectives: ["terse"], topics: ["chess"]), Personality(system: ""), Personality(bio: ["", ""]),
        Personality(system: "", bio: [""], adjectives: ["terse"]),
    ])
    func aPersonalityWithoutABioOrASystemPromptIsRefused(_ personality: Personality) throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        let refused = refusal { _ = try agents.create(AgentDraft(name: "blank-bot", personality: personality, resources: .init(replicas: 0)), by: alice) }
        #expect(refused?.field == "personality")
        let id = try agents.create(AgentDraft(name: "kept-bot", personality: .test, resources: .init(replicas: 0)), by: alice).agentId
        let update = refusal { _ = try agents.update(id, AgentFields(personality: personality), by: alice) }
        #expect(update?.field == "personality", "an update cannot empty it either")
        #expect(try agents.visibleAgent(id, to: alice).personality == .test)
    }

    @Test(arguments: [Personality(bio: ["A helpful test agent."]), Personality(system: "You are a helpful assistant."), Personality(bio: ["", "x"])])
    func aBioOrASystemPromptIsEnough(_ personality: Personality) throws {
        let fixture = try AgentStoreTests.Fixture()
        let created = try fixture.services.agents.create(AgentDraft(name: "ok-bot", personality: personality, resources: .init(replicas: 0)), by: alice)
        #expect(try fixture.services.agents.visibleAgent(created.agentId, to: alice).personality == personality)
    }
}


/// Text that reaches an environment variable, a log line or a character file carries no control
/// character, and a pinned plugin version is one exact version.
struct TextRulesTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)


    @Test(arguments: ["g\u{0}LD_PRELOAD=/tmp/x.so", "line\nbreak", "bell\u{7}", "del\u{7F}"])
    func aPlatformValueWithAControlCharacterIsRefusedNamingIt(_ guildId: String) throws {
        let fixture = try AgentStoreTests.Fixture()
        let request = AgentDraft(
            name: "nul-bot", personality: .test, resources: .init(replicas: 0),
            platforms: ["discord": ["token": "secret-token", "guildId": guildId]])
        let refused = refusal { _ = try fixture.services.agents.create(request, by: alice) }
        #expect(refused?.field == "platforms.discord.guildId")
        #expect(refused?.message.contains("control characters") == true)
    }

    @Test func proseKeepsItsLineBreaksButNoOtherControlCharacter() throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        _ = try agents.create(AgentDraft(name: "prose-bot", description: "two\nlines\tand a tab", personality: Personality(system: "Be brief.\r\nAlways."), resources: .init(replicas: 0)), by: alice)
        let refused = refusal { _ = try agents.create(AgentDraft(name: "escape-bot", description: "\u{1B}[31mred", personality: .test, resources: .init(replicas: 0)), by: alice) }
        #expect(refused?.field == "description")
        let bio = refusal { _ = try agents.create(AgentDraft(name: "bio-bot", personality: Personality(bio: ["fine", "nul\u{0}"]), resources: .init(replicas: 0)), by: alice) }
        #expect(bio?.field == "personality.bio[1]")
    }

    @Test(arguments: ["^1.0.0", "~1.2", ">=1.0.0", "*", "1.x", "latest", "<2"])
    func aPinnedPluginVersionMustBeExact(_ version: String) throws {
        let fixture = try AgentStoreTests.Fixture()
        let refused = refusal {
            _ = try fixture.services.agents.create(AgentDraft(name: "range-bot", personality: .test, plugins: ["@elizaos/plugin-web3@\(version)"], resources: .init(replicas: 0)), by: alice)
        }
        #expect(refused?.field == "selectedPlugins[0]", "\(version)")
    }

    @Test func anExactVersionOrNoneIsAccepted() throws {
        let fixture = try AgentStoreTests.Fixture()
        _ = try fixture.services.agents.create(
            AgentDraft(name: "pinned-bot", personality: .test, plugins: ["@elizaos/plugin-web3@1.2.3", "@elizaos/plugin-discord", "plugin-x@2.0.0-beta.1"], resources: .init(replicas: 0)),
            by: alice)
    }
}

/// The `DomainError` that `body` throws; nil when it throws none. Any other error is an issue.
func refusal(_ body: () throws -> Void) -> DomainError? {
    do {
        try body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        Issue.record("not a DomainError: \(error)")
        return nil
    }
}

/// The list page's summaries: the fields of the agents `list` gives, page for page.
struct AgentSummariesTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)
    private let bob = Principal(keyId: "key_2", userId: "user-b", username: "bob", role: .user)
    private let admin = Principal(keyId: "key_3", userId: "user-c", username: "root", role: .admin)

    @Test func summariesAreTheListsAgentsPageForPage() throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        var ids: [String] = []
        for index in 0..<7 {
            ids.append(try agents.create(AgentDraft(name: "bot-\(index)", personality: .test, resources: .init(replicas: 0)), by: alice, now: Date(timeIntervalSince1970: Double(1_000 + index))).agentId)
        }
        _ = try agents.create(AgentDraft(name: "bob-bot", personality: .test, resources: .init(replicas: 0)), by: bob)
        _ = try agents.delete(ids[1], by: alice)
        let cases: [(Principal, String?, AgentStatus?, Int, Int)] = [
            (alice, nil, nil, 20, 0), (alice, nil, nil, 2, 1), (alice, nil, nil, 3, 5), (alice, nil, nil, 5, 7), (alice, nil, nil, 5, 100),
            (alice, nil, .queued, 2, 2), (alice, nil, .deleting, 10, 0), (admin, nil, nil, 100, 0), (admin, "user-b", nil, 10, 0), (bob, "user-a", nil, 10, 0),
        ]
        for (principal, owner, status, limit, offset) in cases {
            let page = try agents.list(for: principal, owner: owner, status: status, limit: limit, offset: offset)
            let summaries = try agents.summaries(for: principal, owner: owner, status: status, limit: limit, offset: offset)
            #expect(summaries.agents == page.agents.map(AgentSummary.init), "\(principal.username) \(owner ?? "-") \(status?.rawValue ?? "-") \(limit) \(offset)")
            #expect(summaries.total == page.total)
        }
        #expect(try agents.summaries(for: alice, owner: nil, status: nil, limit: 2, offset: 1).agents.map(\.name) == ["bot-5", "bot-4"])
    }

    @Test func aChangedAgentIsSummarizedAnew() throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        let agentId = try agents.create(AgentDraft(name: "changing", personality: .test, resources: .init(replicas: 0)), by: alice).agentId
        #expect(try agents.summaries(for: alice, owner: nil, status: nil, limit: 10, offset: 0).agents.map(\.status) == [.queued])
        _ = try agents.delete(agentId, by: alice)
        let summary = try #require(try agents.summaries(for: alice, owner: nil, status: nil, limit: 10, offset: 0).agents.first)
        #expect(summary.status == .deleting)
        #expect(summary == AgentSummary(try #require(try fixture.services.agents.store.load(agentId))))
    }

    @Test func countsByStatusAgreeWithTheirTable() throws {
        let fixture = try AgentStoreTests.Fixture()
        let agents = fixture.services.agents
        for index in 0..<3 {
            _ = try agents.create(AgentDraft(name: "counted-\(index)", personality: .test, resources: .init(replicas: 0)), by: alice)
        }
        let store = agents.store
        let table = try store.statusCounts()
        for status in AgentStatus.allCases {
            #expect(try store.count(of: status) == table[status.rawValue] ?? 0)
        }
        #expect(try store.count(of: .queued) == 3)
        #expect(try store.count(of: .failed) == 0)
    }
}
