import ArgumentParser
import Foundation
import LaunchpadAdvisories
import LaunchpadCore
import LaunchpadHTTP

/// `launchpad bench-scan`: imports advisories into a fresh store, then scans an agent with a
/// lockfile against them in-process (for `make bench`).
struct BenchScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-scan", abstract: "Measure advisory import and the scan of an agent with a lockfile.", shouldDisplay: false)

    @Option(help: "OSV records to import (a directory, JSON file or zip).") var advisories: String
    @Option(help: "The agent's package-lock.json.") var lockfile: String
    @Option(help: "Scans to time.") var scans: Int = 200

    func run() throws {
        let directory = NSTemporaryDirectory() + "launchpad-bench-scan-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Never blocking: the bench agent's lockfile is made to be vulnerable.
        let services = try Services(dataDirectory: directory, configuration: .init(scanPolicy: ScanPolicy(blockAt: nil)))
        defer { services.close() }
        let report = try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: advisories)
        let lockBytes = try Data(contentsOf: URL(fileURLWithPath: lockfile))
        let packages = try PackageLock.packages(from: Array(lockBytes))
        let owner = Principal(keyId: "key_bench", userId: "user-bench", username: "bench", role: .user)
        let created = try services.agents.create(
            AgentDraft(
                name: "bench", personality: Personality(bio: ["A benchmark agent."]), plugins: ["@elizaos/plugin-discord@1.0.0"], resources: .init(memory: "512Mi", cpu: "500m", replicas: 0),
                packageLock: Array(lockBytes)),
            by: owner)
        guard let agent = try services.agents.store.load(created.agentId) else { throw ValidationError("the bench agent was not stored") }
        var times: [Double] = []
        var scan: Scan?
        for _ in 0..<scans {
            let clock = ContinuousClock.now
            scan = try services.database.environment.read { try services.scanner.scan(agent, packages: packages, ownerReplicas: 1, in: $0) }
            let elapsed = ContinuousClock.now - clock
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        times.sort()
        let counts = scan?.results.vulnerabilities ?? VulnerabilityCounts()
        print(#"{"documents":\#(report.documents),"imported":\#(report.imported),"skipped":\#(report.skippedTotal),"importSeconds":\#(String(format: "%.2f", report.seconds)),"importPerSecond":\#(Int(Double(report.documents) / max(report.seconds, 0.001))),"lockPackages":\#(packages.count),"findings":\#(scan?.findings.count ?? 0),"critical":\#(counts.critical),"high":\#(counts.high),"scanP50Ms":\#(String(format: "%.2f", times[times.count / 2])),"scanP99Ms":\#(String(format: "%.2f", times[times.count * 99 / 100]))}"#)
    }
}
