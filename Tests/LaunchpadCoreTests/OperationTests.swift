import Foundation
@testable import LaunchpadCore
import LaunchpadDomain
import LaunchpadTestSupport
import Testing

/// Operations on a real LMDB store: written with their change, moved on by what the controller
/// reports, visible to their owner only, kept 7 days; and pause, resume and If-Match versions.
struct OperationTests {
    private let owner = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)
    private let other = Principal(keyId: "key_2", userId: "user-b", username: "bob", role: .user)

    private func withServices(_ body: (Services) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        try body(services)
    }

    private func create(_ services: Services, _ name: String, replicas: Int = 1) throws -> Agent {
        try services.agents.create(AgentDraft(name: name, personality: .test, resources: .init(replicas: replicas)), by: owner)
    }

    private func operation(_ services: Services, _ agent: Agent) throws -> OperationRecord {
        try services.agents.store.operations.visible(try #require(agent.operationId), to: owner)
    }

    @Test func anOperationFollowsTheControllersReports() throws {
        try withServices { services in
            let agent = try create(services, "ops-bot")
            #expect(try operation(services, agent).status == .pending)
            #expect(try operation(services, agent).kind == .create)
            let seen = AgentService.controlled(agent)
            try services.agents.began(agent.agentId, expecting: seen)
            #expect(try operation(services, agent).status == .running)
            try services.agents.settled(agent.agentId, expecting: seen)
            let done = try operation(services, agent)
            #expect(done.status == .succeeded && done.error == nil)
            #expect(done.updatedAt >= done.createdAt)
        }
    }

    @Test func aReportOnAnOlderRevisionMovesNothing() throws {
        try withServices { services in
            let agent = try create(services, "stale-bot")
            let scaled = try services.agents.scale(agent.agentId, to: 2, by: owner).agent
            try services.agents.settled(agent.agentId, expecting: AgentService.controlled(agent))
            #expect(try operation(services, scaled).status == .pending, "settled on the revision before the scale")
        }
    }

    @Test func aFailedAgentFailsItsOperationsWithTheReason() throws {
        try withServices { services in
            let agent = try create(services, "crash-bot")
            try services.agents.recordTransition(agent.agentId, expecting: AgentService.controlled(agent), to: .failed, reason: "crash loop: 5 exits", deployedAt: nil)
            let failed = try operation(services, agent)
            #expect(failed.status == .failed && failed.error == "crash loop: 5 exits")
        }
    }

    @Test func deletionSucceedsTheDeleteAndFailsWhatWasStillOpen() throws {
        try withServices { services in
            let agent = try create(services, "gone-bot")
            let deleting = try services.agents.delete(agent.agentId, by: owner)
            try services.agents.removeDeleted(agent.agentId)
            #expect(try operation(services, deleting).status == .succeeded)
            let create = try operation(services, agent)
            #expect(create.status == .failed && create.error == "the agent was deleted")
            #expect(try services.agents.store.operations.list(of: agent.agentId, limit: 10).map(\.kind) == [.delete, .create], "kept after the agent")
        }
    }

    @Test func onlyTheOwnerSeesAnOperation() throws {
        try withServices { services in
            let agent = try create(services, "mine-bot")
            let id = try #require(agent.operationId)
            #expect(throws: DomainError.self) { try services.agents.store.operations.visible(id, to: other) }
            let admin = Principal(keyId: "key_3", userId: "user-c", username: "root", role: .admin)
            #expect(try services.agents.store.operations.visible(id, to: admin).resourceId == agent.agentId)
        }
    }

    @Test func operationsOlderThanTheRetentionArePruned() throws {
        try withServices { services in
            let old = try services.agents.create(AgentDraft(name: "old-bot", personality: .test), by: owner, now: Date().addingTimeInterval(-8 * 86_400))
            let recent = try create(services, "new-bot")
            let pruned = try services.agents.store.operations.prune(createdBefore: Date().addingTimeInterval(-OperationStore.retention))
            #expect(pruned == 1)
            #expect(throws: DomainError.self) { try operation(services, old) }
            #expect(try operation(services, recent).kind == .create)
            #expect(try services.agents.store.operations.list(of: old.agentId, limit: 10).isEmpty)
        }
    }

    @Test func pausingTwiceChangesNothingAndAScaleWhilePausedIsKeptForResume() throws {
        try withServices { services in
            let agent = try create(services, "pause-bot", replicas: 2)
            let paused = try services.agents.pause(agent.agentId, by: owner)
            #expect(paused.status == .paused)
            #expect(try operation(services, paused).status == .pending)
            let again = try services.agents.pause(agent.agentId, by: owner)
            #expect(again.status == .paused && again.version == paused.version, "nothing changed")
            #expect(try operation(services, again).status == .succeeded, "nothing to do")
            let scaled = try services.agents.scale(agent.agentId, to: 3, by: owner).agent
            #expect(scaled.status == .paused && scaled.resources.replicas == 3)
            let resumed = try services.agents.resume(agent.agentId, by: owner)
            #expect(resumed.status == .scaling && resumed.resources.replicas == 3)
            #expect(try services.agents.resume(agent.agentId, by: owner).status == .scaling, "resuming what runs changes nothing")
        }
    }

    @Test func aStaleVersionIsAConflictAndChangesNothing() throws {
        try withServices { services in
            let instances = services.instances
            let agent = try instances.create(InstanceRequest(name: "web", labels: ["tier": "web"]), by: owner)
            #expect(agent.version == nil || agent.version == 1)
            let changed = try instances.update(agent.agentId, InstanceRequest(labels: ["tier": "api"]), version: 1, by: owner)
            #expect(changed.version == 2)
            let stale = #expect(throws: DomainError.self) {
                try instances.update(agent.agentId, InstanceRequest(labels: ["tier": "db"], replicas: 3), version: 1, by: owner)
            }
            #expect(stale?.code == .conflict)
            let stored = try #require(try services.agents.store.load(agent.agentId))
            #expect(stored.labels == ["tier": "api"] && stored.resources.replicas == 1 && stored.version == 2)
        }
    }

    @Test func unknownTypesAndImagesAreRefusedNamingThem() throws {
        try withServices { services in
            let type = #expect(throws: DomainError.self) { try services.instances.create(InstanceRequest(name: "web", type: "cx99"), by: owner, specPrefix: "spec.") }
            #expect(type?.field == "spec.type" && type?.message.contains("'cx99'") == true)
            let image = #expect(throws: DomainError.self) { try services.instances.create(InstanceRequest(name: "web", image: "ubuntu-22.04"), by: owner) }
            #expect(image?.field == "image" && image?.code == .invalid)
            #expect(try services.agents.store.all().isEmpty, "nothing was created")
            let sized = try services.instances.create(InstanceRequest(name: "web", type: "cx21"), by: owner)
            #expect(sized.resources.cpu == "500m" && sized.resources.memory == "512Mi" && sized.instance?.image == "reference")
        }
    }
}
