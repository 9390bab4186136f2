import ArgumentParser
import LaunchpadAgentRuntime

/// `launchpad agent-runtime`: the built-in reference agent, run by the process runtime for each
/// replica of an agent (with PORT, LAUNCHPAD_AGENT_ID and LAUNCHPAD_REPLICA set).
struct AgentRuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-runtime",
        abstract: "Run the reference agent for a character file.",
        discussion: "Serves GET /health, POST /invoke and POST /message on 127.0.0.1 until SIGTERM or SIGINT. Exits 2 when the character file or the port is unusable.")

    @Option(name: .long, help: "The character file (JSON).")
    var character: String

    @Option(name: .long, help: "The port on 127.0.0.1 (default: $PORT).")
    var port: Int?

    @Option(name: .long, help: "Milliseconds to wait before each token of a streamed reply (default: the character's settings.tokenDelayMs).")
    var tokenDelayMs: Int?

    func run() throws {
        let status = ReferenceAgent.run(characterPath: character, port: port, tokenDelayMs: tokenDelayMs)
        if status != 0 {
            throw ExitCode(status)
        }
    }
}
