import Foundation
@testable import LaunchpadCore
import LaunchpadHTTP
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// Admission: the memory all agents' replicas ask for (memory × replicas) may not pass the host's
/// memory times the overcommit; creates, scales and updates beyond it are 429, and what is deleted
/// or scaled down makes room again.
struct AdmissionTests {
    private let owner = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)
    private let other = Principal(keyId: "key_2", userId: "user-b", username: "bob", role: .user)

    /// Services on a host of 1 GiB, overcommitted 1.5 times: 1536 MiB admitted.
    private func withServices(_ body: (Services) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path, configuration: Self.configuration)
        defer { services.close() }
        try body(services)
    }

    static let configuration = Services.Configuration(agents: .init(memoryOvercommit: 1.5, hostMemoryBytes: 1 << 30))

    private func create(_ services: Services, _ name: String, memory: String, replicas: Int, by principal: Principal? = nil) throws -> String {
        let request = AgentDraft(name: name, personality: .test, resources: .init(memory: memory, cpu: "250m", replicas: replicas))
        return try services.agents.create(request, by: principal ?? owner).agentId
    }


    @Test func createsScalesAndUpdatesStopAtTheHostsMemory() throws {
        try withServices { services in
            let first = try create(services, "first-bot", memory: "512Mi", replicas: 2)
            _ = try create(services, "second-bot", memory: "256Mi", replicas: 1, by: other)
            // 1280 MiB asked: 256 MiB left, over all owners.
            let tooBig = refusal { _ = try create(services, "third-bot", memory: "384Mi", replicas: 1) }
            #expect(tooBig?.code == .limitExceeded)
            #expect(tooBig?.message == "Host capacity reached: this change would add 384 MiB of replica memory, more than this host has left for agents")
            #expect(try services.agents.store.all().count == 2, "nothing was created")
            _ = try create(services, "third-bot", memory: "256Mi", replicas: 1)

            #expect(refusal { _ = try services.agents.scale(first, to: 3, by: owner) }?.code == .limitExceeded)
            let update = AgentFields(resources: .init(memory: "640Mi"))
            #expect(refusal { _ = try services.agents.update(first, update, by: owner) }?.code == .limitExceeded)
            #expect(try services.agents.store.load(first)?.resources == Resources(memory: "512Mi", cpu: "250m", replicas: 2), "refused changes leave the record")

            // Scaling down makes room, and a change that asks for no more always passes.
            _ = try services.agents.scale(first, to: 1, by: owner)
            _ = try services.agents.update(first, AgentFields(resources: .init(memory: "1Gi")), by: owner)
            #expect(refusal { _ = try services.agents.restart(first, by: owner) } == nil)
        }
    }

    @Test func aClusterRuntimeLeavesAdmissionToTheCluster() throws {
        let directory = try TemporaryDirectory()
        let configuration = Services.Configuration(agents: .init(memoryOvercommit: 1.5, hostMemoryBytes: 1 << 30, admitsOnHostMemory: false))
        let services = try Services(dataDirectory: directory.path, configuration: configuration)
        defer { services.close() }
        // 4 GiB asked of a 1 GiB host: the cluster's scheduler and quotas decide, not this host.
        _ = try create(services, "first-bot", memory: "1Gi", replicas: 2)
        _ = try create(services, "second-bot", memory: "2Gi", replicas: 1, by: other)
        #expect(try services.agents.store.all().count == 2)
    }

    @Test func aRemovedAgentGivesItsMemoryBack() throws {
        try withServices { services in
            let big = try create(services, "big-bot", memory: "1Gi", replicas: 1)
            #expect(refusal { _ = try create(services, "next-bot", memory: "1Gi", replicas: 1) }?.code == .limitExceeded)
            _ = try services.agents.delete(big, by: owner)
            #expect(refusal { _ = try create(services, "next-bot", memory: "1Gi", replicas: 1) }?.code == .limitExceeded, "a DELETING agent still holds it")
            try services.agents.removeDeleted(big)
            _ = try create(services, "next-bot", memory: "1Gi", replicas: 1)
        }
    }

    @Test func aStoreFromBeforeTheCountIsCountedOnOpen() throws {
        let directory = try TemporaryDirectory()
        do {
            let services = try Services(dataDirectory: directory.path, configuration: Self.configuration)
            _ = try create(services, "old-bot", memory: "1Gi", replicas: 1)
            // As a store written before the memory count: neither the count nor its marker.
            let counts = try services.database.environment.openTable("agent_counts")
            try services.database.writer.write { transaction in
                try transaction.delete(counts, AgentStore.memoryKey)
                try transaction.delete(counts, AgentStore.memoryCountedKey)
            }
            services.close()
        }
        let services = try Services(dataDirectory: directory.path, configuration: Self.configuration)
        defer { services.close() }
        #expect(refusal { _ = try create(services, "new-bot", memory: "1Gi", replicas: 1) }?.code == .limitExceeded)
        _ = try create(services, "new-bot", memory: "512Mi", replicas: 1)
    }
}
