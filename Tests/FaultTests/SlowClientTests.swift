#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// Slow clients (issue 11, part 7): connections that send their headers a line a second and never
/// finish them, opened again as nginx drops them, must not starve anyone else. With 1,024
/// worker_connections and a 10 s header timeout, 1,100 of them made most health probes fail.
///
/// This is the small version of the attack `make bench` runs for 30 s: 1,200 connections (more
/// than the old 1,024) for 8 s, longer than the 5 s header timeout, so that nginx drops them all once.
@Suite(.serialized) struct SlowClientTests {
    static let connections = 1_200
    static let attackSeconds = 8.0

    /// The attacker's closing JSON line (scripts/slow-clients.py).
    struct AttackSummary: Decodable {
        let opened: Int
        let closedByServer: Int
        let connectFailures: Int
        let held: Int
        let maxLifetimeSeconds: Double?
    }

    @Test func healthKeepsAnsweringUnderSlowConnections() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        let attacker = Process()
        attacker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        attacker.arguments = [
            "python3", RepositoryPaths.root + "/scripts/slow-clients.py", "attack", "--port", String(server.port),
            "--connections", String(Self.connections), "--seconds", String(Self.attackSeconds),
        ]
        let output = Pipe()
        attacker.standardOutput = output
        try attacker.run()
        defer { if attacker.isRunning { attacker.terminate() } }

        // Probe while the attack runs, from its first second to its last.
        usleep(1_000_000)
        var latencies: [Double] = []
        var failures: [String] = []
        let probeUntil = Date().addingTimeInterval(Self.attackSeconds - 1.5)
        while Date() < probeUntil {
            let started = Date()
            do {
                let response = try server.client.sendRaw(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeoutSeconds: 2)
                if response.status != 200 { failures.append("status \(response.status)") }
            } catch {
                failures.append("\(error)")
            }
            latencies.append(Date().timeIntervalSince(started))
            usleep(50_000)
        }
        attacker.waitUntilExit()
        let summary = try JSONDecoder().decode(AttackSummary.self, from: output.fileHandleForReading.readDataToEndOfFile())

        let p99 = latencies.sorted()[latencies.count * 99 / 100]
        #expect(latencies.count >= 50, "probes sent: \(latencies.count)")
        #expect(failures.isEmpty, "\(failures.count) of \(latencies.count) probes failed: \(Set(failures))")
        #expect(p99 < 1.0, "health p99 under the attack: \(p99) s")
        #expect(summary.connectFailures == 0 && summary.held >= Self.connections * 9 / 10, "the attack held its connections: \(summary)")
        #expect(summary.closedByServer >= Self.connections, "nginx dropped every first connection at its header timeout: \(summary)")
        #expect((summary.maxLifetimeSeconds ?? 99) < 7, "within 5 s and a little: \(summary)")
        #expect(server.process.isRunning)
    }
}
