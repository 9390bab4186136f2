import Foundation
import LaunchpadTestSupport
import Testing

/// `--transport` and `--threads` of `up` and `serve`: what is refused before anything starts.
struct TransportOptionTests {
    let cli = ClientCLI(url: "http://127.0.0.1:9", apiKey: "")

    @Test func aThreadPerConnectionNeedsMoreThreadsThanKeptAliveConnections() throws {
        let directory = try TemporaryDirectory()
        let refused = try cli.run(["up", "--data", directory.path, "--transport", "thread-per-connection", "--threads", "8", "--keepalive", "8"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--keepalive (8) must be below --threads (8)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending("db")), "nothing was started")
    }

    @Test func anUnknownTransportIsNamed() throws {
        let directory = try TemporaryDirectory()
        let refused = try cli.run(["serve", "--data", directory.path, "--transport", "threads"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--transport"), "\(refused.stderr)")
        #expect(refused.stderr.contains("event-loop"), "the choices are listed: \(refused.stderr)")
    }

    @Test func tooFewThreadsAreRefusedOnEitherTransport() throws {
        let directory = try TemporaryDirectory()
        for transport in ["event-loop", "thread-per-connection"] {
            let refused = try cli.run(["serve", "--data", directory.path, "--transport", transport, "--threads", "1"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--threads must be at least 2"), "\(transport): \(refused.stderr)")
        }
    }
}
