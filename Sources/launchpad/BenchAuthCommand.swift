import ArgumentParser
import Foundation
import LaunchpadCore

/// `launchpad bench-auth`: API keys verified per second on one thread, in-process (for `make bench`).
struct BenchAuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-auth", abstract: "Measure key verification on one thread.", shouldDisplay: false)

    @Option(help: "Seconds per measurement.") var seconds: Double = 3

    func run() throws {
        let directory = NSTemporaryDirectory() + "launchpad-bench-auth-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let services = try Services(dataDirectory: directory)
        defer { services.close() }
        for index in 0..<1000 {
            _ = try services.identity.generateKey(KeyGrant(username: "user\(index)", email: "u\(index)@example.com", role: .user), by: nil)
        }
        let known = try services.identity.generateKey(KeyGrant(username: "bench", email: "bench@example.com", role: .user), by: nil).apiKey
        let unknown = "alk_" + String(repeating: "0", count: 64)
        let knownRate = measure { _ = try? services.identity.authenticate(known) }
        let unknownRate = measure { _ = try? services.identity.authenticate(unknown) }
        print(#"{"keys":1001,"verifiedPerSecond":\#(Int(knownRate)),"unknownRejectedPerSecond":\#(Int(unknownRate))}"#)
    }

    private func measure(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while clock.now - start < .milliseconds(Int(seconds * 1000)) {
            for _ in 0..<100 { body() }
            count += 100
        }
        let elapsed = clock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
