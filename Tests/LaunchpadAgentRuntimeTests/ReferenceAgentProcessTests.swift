import Foundation
import Testing

/// `launchpad agent-runtime` as a real process, as the process runtime starts it.
@Suite struct ReferenceAgentProcessTests {
    private static let secret = "discord-secret-5f2a9c"

    /// One log line, decoded.
    private struct LogLine: Decodable, Equatable {
        var time: String
        var level: String
        var msg: String
    }

    /// Decodes each line, checking that it has exactly `time`, `level` and `msg`.
    private func logLines(_ text: String) throws -> [LogLine] {
        try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(Set(object.keys) == ["time", "level", "msg"], "\(line)")
            let decoded = try JSONDecoder().decode(LogLine.self, from: Data(line.utf8))
            #expect(decoded.time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil, "\(line)")
            return decoded
        }
    }

    private func startAgent(port: Int, characterPath: String) throws -> AgentProcess {
        try AgentProcess(
            arguments: ["--character", characterPath],
            environment: ["PORT": String(port), "LAUNCHPAD_AGENT_ID": "agent-123abc", "LAUNCHPAD_REPLICA": "2", "DISCORD_TOKEN": Self.secret])
    }

    /// Polls GET /health until it answers, for up to 5 s.
    private func waitUntilHealthy(_ agent: AgentProcess, port: Int) throws -> LoopbackClient.Response {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let response = LoopbackClient.send("GET", "/health", port: port) {
                return response
            }
            if !agent.process.isRunning {
                Issue.record("agent exited with \(agent.process.terminationStatus): \(agent.standardError())")
                break
            }
            usleep(20_000)
        }
        throw AgentDidNotAnswer()
    }

    private struct AgentDidNotAnswer: Error {}

    @Test func servesHealthAndMessagesLogsItsStartAndStopsOnSIGTERM() throws {
        let port = LoopbackClient.freePort()
        let agent = try startAgent(port: port, characterPath: try SampleCharacter.writeFile())

        let health = try waitUntilHealthy(agent, port: port)
        #expect(health.status == 200)
        #expect(health.head.contains("Content-Type: application/json"))
        let healthBody = try #require(try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any])
        #expect(healthBody["status"] as? String == "HEALTHY")
        #expect(healthBody["agent"] as? String == "my-trading-bot")
        #expect(healthBody["replica"] as? String == "2")
        #expect(healthBody["uptimeSeconds"] as? Int != nil)

        let message = #"{"text":"Should I buy before the trading session?","user":"alice"}"#
        let first = try #require(LoopbackClient.send("POST", "/message", body: message, port: port))
        let second = try #require(LoopbackClient.send("POST", "/message", body: message, port: port))
        #expect(first.status == 200)
        #expect(first.body == second.body)
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: String])
        #expect(reply["agent"] == "my-trading-bot")
        #expect(reply["reply"]?.contains("You mentioned trading") == true, "\(first.body)")

        #expect(LoopbackClient.send("POST", "/message", body: "{", port: port)?.status == 400)
        #expect(LoopbackClient.sendRaw("garbage\r\n\r\n", port: port)?.status == 400)
        #expect(LoopbackClient.send("GET", "/nope", port: port)?.status == 404)

        agent.process.terminate()  // SIGTERM
        #expect(agent.waitForExit(seconds: 2), "agent still running 2 s after SIGTERM")
        #expect(agent.process.terminationReason == .exit)
        #expect(agent.process.terminationStatus == 0)

        let stdout = agent.standardOutput()
        let stderr = agent.standardError()
        #expect(!stdout.contains(Self.secret) && !stderr.contains(Self.secret))
        let lines = try logLines(stdout)
        #expect(lines.map(\.msg) == [
            "Agent my-trading-bot starting",
            "Loaded plugin @elizaos/plugin-discord",
            "Loaded plugin @elizaos/plugin-web3",
            "Connected to Discord",
            "Not connecting to Telegram: TELEGRAM_TOKEN is not set",
            "Listening on http://127.0.0.1:\(port)",
            "Agent started successfully",
            "Agent stopping",
        ])
        #expect(lines.map(\.level) == ["INFO", "INFO", "INFO", "INFO", "WARN", "INFO", "INFO", "INFO"])
        #expect(stderr.isEmpty, "\(stderr)")
    }

    @Test func stopsWithStatus0OnSIGINT() throws {
        let port = LoopbackClient.freePort()
        let agent = try startAgent(port: port, characterPath: try SampleCharacter.writeFile())
        _ = try waitUntilHealthy(agent, port: port)
        agent.process.interrupt()  // SIGINT
        #expect(agent.waitForExit(seconds: 2), "agent still running 2 s after SIGINT")
        #expect(agent.process.terminationReason == .exit)
        #expect(agent.process.terminationStatus == 0)
    }

    @Test func aMissingCharacterFileExitsWithStatus2AndAnErrorLine() throws {
        let agent = try AgentProcess(arguments: ["--character", "/nonexistent/character.json"], environment: ["PORT": "8099"])
        #expect(agent.waitForExit(seconds: 2))
        #expect(agent.process.terminationStatus == 2)
        let lines = try logLines(agent.standardError())
        #expect(lines.count == 1)
        #expect(lines.first?.level == "ERROR")
        #expect(lines.first?.msg == "Cannot read character file /nonexistent/character.json: No such file or directory")
        #expect(agent.standardOutput().isEmpty)
    }

    @Test func anInvalidCharacterFileExitsWithStatus2() throws {
        let agent = try AgentProcess(arguments: ["--character", try SampleCharacter.writeFile("{\"name\": ")], environment: ["PORT": "8099"])
        #expect(agent.waitForExit(seconds: 2))
        #expect(agent.process.terminationStatus == 2)
        #expect(try logLines(agent.standardError()).first?.level == "ERROR")
    }

    @Test func noPortExitsWithStatus2() throws {
        let agent = try AgentProcess(arguments: ["--character", try SampleCharacter.writeFile()], environment: [:])
        #expect(agent.waitForExit(seconds: 2))
        #expect(agent.process.terminationStatus == 2)
        #expect(try logLines(agent.standardError()).first?.msg == "No port: pass --port or set PORT")
    }

    @Test func aPortInUseExitsWithStatus1() throws {
        let port = LoopbackClient.freePort()
        let first = try startAgent(port: port, characterPath: try SampleCharacter.writeFile())
        _ = try waitUntilHealthy(first, port: port)
        let second = try startAgent(port: port, characterPath: try SampleCharacter.writeFile())
        #expect(second.waitForExit(seconds: 2))
        #expect(second.process.terminationStatus == 1)
        #expect(try logLines(second.standardError()).first?.msg.contains("Address already in use") == true)
        first.process.terminate()
        #expect(first.waitForExit(seconds: 2))
    }
}
