import ArgumentParser
import Foundation
import LaunchpadCore

/// `launchpad bench-metrics`: this process's resident memory with many agents' metric windows kept.
struct BenchMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-metrics", abstract: "Measure memory with many agents' metric windows kept.", shouldDisplay: false)

    @Option(help: "Agents.") var agents: Int = 1000
    @Option(help: "Samples per agent (an hour at the default 5 s interval is 720).") var samples: Int = 720

    func run() throws {
        let directory = NSTemporaryDirectory() + "launchpad-bench-metrics-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let services = try Services(dataDirectory: directory)
        defer { services.close() }
        let before = Self.residentBytes()
        let now = Date()
        for step in 0..<samples {
            let time = now.addingTimeInterval(Double(step - samples) * 5)
            for agent in 0..<agents {
                services.metricsWindow.record("agent-\(agent)", .init(timestamp: time, cpu: 0.25, memory: 100_000_000 + step))
            }
            if step % 60 == 59 { services.metricsWindow.flush() }
        }
        services.metricsWindow.flush()
        let after = Self.residentBytes()
        let start = ContinuousClock.now
        let read = try services.metricsWindow.samples("agent-500", since: now.addingTimeInterval(-3600)).count
        let readTime = ContinuousClock.now - start
        let stats = try services.database.environment.stats()
        print(#"{"agents":\#(agents),"samplesPerAgent":\#(samples),"residentBeforeMiB":\#(before >> 20),"residentAfterMiB":\#(after >> 20),"lmdbUsedMiB":\#((stats.pagesUsed * stats.pageSize) >> 20),"oneAgentWindowRead":"\#(read) samples in \#(readTime)"}"#)
    }

    /// VmRSS of this process.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
