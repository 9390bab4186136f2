import LaunchpadDomain
import Foundation
@testable import LaunchpadCore
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// The scan and the deployment gate on a real store with advisories imported.
struct SecurityScanTests {
    static let owner = Principal(keyId: "key_000000000001", userId: "user-000000000001", username: "ann", role: .user)

    static let records: [(id: String, json: String)] = [
        // Two records of one vulnerability (they alias each other), and a third one.
        ("GHSA-29mw-wpgm-hmr9", OSVTestRecords.record(id: "GHSA-29mw-wpgm-hmr9", package: "lodash", introduced: "4.0.0", fixed: "4.17.21", severity: "MODERATE", aliases: ["CVE-2020-28500"])),
        ("LP-ALIAS-1", OSVTestRecords.record(id: "LP-ALIAS-1", package: "lodash", introduced: "4.0.0", fixed: "4.17.21", severity: "LOW", aliases: ["CVE-2020-28500"])),
        ("GHSA-35jh-r3h4-6jhm", OSVTestRecords.record(id: "GHSA-35jh-r3h4-6jhm", package: "lodash", fixed: "4.17.21", severity: "HIGH", aliases: ["CVE-2021-23337"])),
        ("GHSA-xvch-5gv4-984h", OSVTestRecords.record(id: "GHSA-xvch-5gv4-984h", package: "minimist", introduced: "1.0.0", fixed: "1.2.6", severity: "CRITICAL", aliases: ["CVE-2021-44906"])),
        ("LP-NOFIX-1", OSVTestRecords.record(id: "LP-NOFIX-1", package: "abandoned", lastAffected: "9.9.9", severity: "MODERATE")),
        ("LP-PLUGIN-1", OSVTestRecords.record(id: "LP-PLUGIN-1", package: "@elizaos/plugin-bad", introduced: "1.0.0", fixed: "1.0.5", severity: "HIGH")),
    ]

    private func withServices(policy: ScanPolicy = ScanPolicy(), _ body: (Services) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.appending("data"), configuration: .init(scanPolicy: policy))
        defer { services.close() }
        let path = try OSVTestRecords.directory(Self.records, in: directory.path)
        _ = try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: path)
        try body(services)
    }

    private func lock(_ packages: [(name: String, version: String)]) throws -> [UInt8] {
        Array(OSVTestRecords.lockfile(packages).utf8)
    }

    private func request(_ name: String, plugins: [String] = [], lock: [UInt8]? = nil, system: String? = nil) -> AgentDraft {
        AgentDraft(
            name: name, personality: system.map { Personality(system: $0) } ?? .test, plugins: plugins,
            resources: .init(memory: "512Mi", cpu: "250m", replicas: 0), packageLock: lock)
    }

    private func events(_ services: Services, _ type: SecurityEventType) throws -> [SecurityEvent] {
        try services.events.query(limit: 100, severity: nil, since: nil, audience: .everything).events.filter { $0.type == type }
    }

    @Test func aliasesCountOnceAndTheRecommendationNamesTheLowestFix() throws {
        try withServices { services in
            let created = try services.agents.create(request("lodash-user", lock: try lock([("lodash", "4.17.15"), ("left-pad", "1.3.0")])), by: Self.owner)
            let scan = try services.agents.scan(created.agentId, by: Self.owner)
            let lodash = scan.findings.filter { $0.package == "lodash" }
            #expect(lodash.map(\.id) == ["GHSA-29mw-wpgm-hmr9", "GHSA-35jh-r3h4-6jhm"])
            #expect(lodash[0].aliases == ["CVE-2020-28500", "LP-ALIAS-1"])
            #expect(lodash[0].severity == .medium, "the worst of the aliased records")
            #expect(lodash.allSatisfy { $0.installedVersion == "4.17.15" && $0.fixedVersion == "4.17.21" && $0.source == .lockfile })
            #expect(scan.results.vulnerabilities.high == 1)
            #expect(scan.results.vulnerabilities.medium == 1)
            #expect(scan.results.passed)
            #expect(scan.results.recommendations.first == "Upgrade lodash from 4.17.15 to 4.17.21 (fixes GHSA-29mw-wpgm-hmr9, GHSA-35jh-r3h4-6jhm)")
            #expect(try services.agents.scanHistory(created.agentId, for: Self.owner, limit: 10).scans.first == scan)
            #expect(try services.agents.scanRecord(scan.scanId, for: Self.owner) == scan)
        }
    }

    @Test func aFixedVersionAndAVersionOutsideTheRangesAreClean() throws {
        try withServices { services in
            let created = try services.agents.create(request("clean", plugins: ["@elizaos/plugin-bad@1.0.5"], lock: try lock([("lodash", "4.17.21"), ("minimist", "0.9.0")])), by: Self.owner)
            let scan = try services.agents.scan(created.agentId, by: Self.owner)
            #expect(scan.findings.filter { $0.kind == .vulnerability }.isEmpty)
            #expect(scan.results.passed)
        }
    }

    @Test func aPackageWithoutAFixIsToldToBeRemoved() throws {
        try withServices { services in
            let created = try services.agents.create(request("abandoned", lock: try lock([("abandoned", "9.9.9")])), by: Self.owner)
            let scan = try services.agents.scan(created.agentId, by: Self.owner)
            #expect(scan.findings.first?.fixedVersion == nil)
            #expect(scan.results.recommendations.first == "Remove or replace abandoned 9.9.9: no fixed version is known for LP-NOFIX-1")
        }
    }

    @Test func aCriticalFindingBlocksTheCreateAndLeavesOnlyTheScanAndOneEvent() throws {
        try withServices { services in
            let error = #expect(throws: DomainError.self) {
                try services.agents.create(request("blocked", lock: try lock([("minimist", "1.2.5")])), by: Self.owner)
            }
            #expect(error?.code == .rejectedByScan)
            let detailsValue = try error?.details.map { try JSONValue(encoding: $0) }
            guard case .object(let details)? = detailsValue, case .string(let scanId)? = details["scanId"],
                  case .array(let findings)? = details["findings"] else {
                Issue.record("422 without details: \(String(describing: error))")
                return
            }
            #expect(findings.count == 1)
            #expect(error?.message.contains("minimist@1.2.5") == true)
            #expect(try services.agents.list(for: Self.owner, owner: nil, status: nil, limit: 10, offset: 0).total == 0)
            let failed = try events(services, .securityScanFailed)
            #expect(failed.count == 1)
            #expect(failed.first?.details["scanId"] == scanId)
            #expect(failed.first?.severity == .critical)
            let scan = try services.agents.scanRecord(scanId, for: Self.owner)
            #expect(scan.results.passed == false)
            #expect(scan.results.vulnerabilities.critical == 1)
        }
    }

    /// A refused create leaves a scan under an agent that never existed; nothing else removes it,
    /// so housekeeping does, after it has been readable for a while. An existing agent's stay.
    @Test func scansOfRefusedCreatesArePrunedAndThoseOfAgentsKept() throws {
        try withServices { services in
            for index in 0..<3 {
                _ = try? services.agents.create(request("blocked-\(index)", lock: try lock([("minimist", "1.2.5")])), by: Self.owner)
            }
            let kept = try services.agents.create(request("kept", lock: try lock([("lodash", "4.17.20")])), by: Self.owner).agentId
            let scans = services.scanner.scans
            #expect(try scans.pruneOrphans(olderThan: Date().addingTimeInterval(-60)) { try services.agents.store.load($0) != nil } == 0, "recent ones stay readable")
            #expect(try scans.pruneOrphans(olderThan: Date().addingTimeInterval(60)) { try services.agents.store.load($0) != nil } == 3)
            #expect(try scans.history(of: kept, limit: 10).total == 1)
            #expect(try events(services, .securityScanFailed).count == 3, "the events stay, under their own retention")
        }
    }

    @Test func aHighFindingDeploysWithAWarningEvent() throws {
        try withServices { services in
            let created = try services.agents.create(request("warned", plugins: ["@elizaos/plugin-bad@1.0.1"]), by: Self.owner)
            #expect(try services.agents.store.load(created.agentId) != nil)
            let warnings = try events(services, .securityScanWarning)
            #expect(warnings.count == 1)
            #expect(warnings.first?.agentId == created.agentId)
            #expect(warnings.first?.severity == .high)
            #expect(try events(services, .securityScanFailed).isEmpty)
            let history = try services.agents.scanHistory(created.agentId, for: Self.owner, limit: 10)
            #expect(history.total == 1)
            #expect(history.scans.first?.findings.first?.source == .plugin)
        }
    }

    @Test func theBlockingThresholdIsConfigurable() throws {
        try withServices(policy: ScanPolicy(blockAt: .high)) { services in
            #expect(throws: DomainError.self) { try services.agents.create(request("high-blocks", plugins: ["@elizaos/plugin-bad@1.0.1"]), by: Self.owner) }
        }
        try withServices(policy: ScanPolicy(blockAt: nil)) { services in
            let created = try services.agents.create(request("never-blocks", lock: try lock([("minimist", "1.2.5")])), by: Self.owner)
            #expect(try services.agents.store.load(created.agentId) != nil)
        }
    }

    @Test func anUpdateThatAddsACriticalPackageIsBlockedAndChangesNothing() throws {
        try withServices { services in
            let created = try services.agents.create(request("updated", lock: try lock([("minimist", "1.2.6")])), by: Self.owner)
            let before = try services.agents.store.load(created.agentId)
            let error = #expect(throws: DomainError.self) {
                try services.agents.update(created.agentId, AgentFields(description: "new", packageLock: try lock([("minimist", "1.2.5")])), by: Self.owner)
            }
            #expect(error?.code == .rejectedByScan)
            #expect(try services.agents.store.load(created.agentId) == before)
            let stored = try services.agents.store.database.environment.read { try services.agents.store.lockedPackages(of: created.agentId, in: $0) }
            #expect(stored.map(\.version) == ["1.2.6"])
            #expect(try services.agents.scanHistory(created.agentId, for: Self.owner, limit: 10).total == 2)
        }
    }

    @Test func aRestartScansAgainstTheAdvisoriesOfNow() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.appending("data"))
        defer { services.close() }
        let created = try services.agents.create(request("restarted", lock: try lock([("minimist", "1.2.5")])), by: Self.owner)
        _ = try services.agents.restart(created.agentId, by: Self.owner)
        let path = try OSVTestRecords.directory(Self.records, in: directory.path)
        _ = try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: path)
        let error = #expect(throws: DomainError.self) { try services.agents.restart(created.agentId, by: Self.owner) }
        #expect(error?.code == .rejectedByScan)
        #expect(try services.agents.store.load(created.agentId)?.generation == 2)
    }

    @Test func configurationChecksFindSecretsDefaultsAndUnpinnedPlugins() throws {
        try withServices { services in
            let created = try services.agents.create(
                AgentDraft(
                    name: "careless", personality: Personality(system: "Use api_key=sk-abcdefghijklmnopqrstuvwxyz0123 for calls"),
                    plugins: ["@elizaos/plugin-discord", "@elizaos/plugin-web3"], resources: .init(replicas: 0)),
                by: Self.owner)
            let scan = try services.agents.scan(created.agentId, by: Self.owner)
            let byId = Dictionary(grouping: scan.findings, by: \.id)
            #expect(byId["CONFIG_PLAINTEXT_SECRET"]?.first?.field == "personality.system")
            #expect(byId["CONFIG_PLAINTEXT_SECRET"]?.first?.severity == .high)
            #expect(byId["CONFIG_NO_MEMORY_LIMIT"]?.first?.severity == .low)
            #expect(byId["CONFIG_NO_CPU_LIMIT"]?.count == 1)
            #expect(byId["CONFIG_UNPINNED_PLUGIN"]?.map(\.field) == ["selectedPlugins[0]", "selectedPlugins[1]"])
            #expect(scan.results.passed)
            #expect(scan.results.recommendations.contains("Pin @elizaos/plugin-discord to an exact version, such as @elizaos/plugin-discord@1.2.3"))
        }
    }

    @Test func aBadLockfileIsAValidationErrorNamingTheField() throws {
        try withServices { services throws in
            let bad = Array(#"{"lockfileVersion":1,"dependencies":{}}"#.utf8)
            let error = #expect(throws: DomainError.self) { try services.agents.create(request("bad-lock", lock: bad), by: Self.owner) }
            #expect(error?.code == .invalid)
            #expect(error?.field?.hasPrefix("packageLock") == true)
            #expect(try services.agents.list(for: Self.owner, owner: nil, status: nil, limit: 10, offset: 0).total == 0)
        }
    }

    @Test func theRegistryHealthReportsTheAdvisoryDatabase() throws {
        try withServices { services in
            let registry = services.health.report().components.registry
            #expect(registry?.status == .healthy)
            #expect(registry?.records == Self.records.count)
            #expect(registry?.lastImport != nil)
            let stale = services.health.report(now: Date().addingTimeInterval(40 * 86_400))
            #expect(stale.components.registry?.status == .degraded)
            #expect(stale.status == .degraded)
        }
    }

    @Test func anotherUsersScanIsNotFound() throws {
        try withServices { services in
            let created = try services.agents.create(request("private"), by: Self.owner)
            let scan = try services.agents.scan(created.agentId, by: Self.owner)
            let other = Principal(keyId: "key_000000000002", userId: "user-000000000002", username: "bob", role: .user)
            #expect(throws: DomainError.self) { try services.agents.scanRecord(scan.scanId, for: other) }
            #expect(throws: DomainError.self) { try services.agents.scan(created.agentId, by: other) }
        }
    }
}
