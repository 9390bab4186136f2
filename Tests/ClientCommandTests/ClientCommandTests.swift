#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// `launchpad agents …` and `launchpad logs …` against a real `launchpad up`.
@Suite(.serialized) struct ClientCommandTests {
    let server: LaunchpadProcess
    let cli: ClientCLI
    let files: TemporaryDirectory

    init() throws {
        // Follow streams end after 2 s, so that `logs -f` shows it resumes with Last-Event-ID.
        server = try LaunchpadProcess(extraArguments: LaunchpadProcess.generousLimits + ["--max-stream-seconds", "2"])
        cli = ClientCLI(url: "http://127.0.0.1:\(server.port)", apiKey: server.adminKey)
        files = try TemporaryDirectory()
    }

    /// Writes a create request as seed 001 shows it and creates the agent from it; its id.
    func createAgent(_ name: String) throws -> String {
        let path = files.appending("\(name).json")
        let body = #"{"agentName":"\#(name)","description":"From a file","personality":{"system":"You help.","bio":["I help"]},"resources":{"memory":"128Mi","cpu":"100m","replicas":1}}"#
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        let created = try cli.run(["agents", "create", "-f", path, "-o", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let answer = try created.json()
        #expect(answer["status"] as? String == "QUEUED")
        return try #require(answer["agentId"] as? String)
    }

    func waitUntilDeployed(_ agentId: String, replicas: Int = 1) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let report = try cli.run(["agents", "status", agentId, "-o", "json"]).json()
            let ready = ((report["health"] as? [String: Any])?["kubernetes"] as? [String: Any])?["readyReplicas"] as? Int
            if report["status"] as? String == "DEPLOYED", ready == replicas { return }
            usleep(100_000)
        }
        Issue.record("\(agentId) was not DEPLOYED with \(replicas) replicas within 30 s")
    }

    @Test func agentCommandsFromCreateToDelete() throws {
        let agentId = try createAgent("cli-bot")
        try waitUntilDeployed(agentId)

        let list = try cli.run(["agents", "list"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("AGENT ID") == true)
        let row = try #require(lines.first { $0.hasPrefix(agentId) })
        // Aligned: each column starts where its header does.
        let header = String(lines[0])
        for column in ["NAME", "STATUS", "OWNER"] {
            let offset = header.distance(from: header.startIndex, to: try #require(header.range(of: column)).lowerBound)
            #expect(row.dropFirst(offset).hasPrefix(column == "NAME" ? "cli-bot" : column == "STATUS" ? "DEPLOYED" : "user-"), "\(list.stdout)")
        }
        let listed = try cli.run(["agents", "list", "-o", "json"]).json()
        #expect((listed["agents"] as? [[String: Any]])?.contains { $0["agentId"] as? String == agentId } == true)

        let get = try cli.run(["agents", "get", agentId])
        #expect(get.stdout.contains("From a file") && get.stdout.contains("128Mi"), "\(get.stdout)")
        let status = try cli.run(["agents", "status", agentId])
        #expect(status.stdout.contains("DEPLOYED") && status.stdout.contains("1/1"), "\(status.stdout)")

        let scaled = try cli.run(["agents", "scale", agentId, "2", "-o", "json"]).json()
        #expect(scaled["targetReplicas"] as? Int == 2)
        try waitUntilDeployed(agentId, replicas: 2)
        let restarted = try cli.run(["agents", "restart", agentId])
        #expect(restarted.status == 0 && restarted.stdout.contains("RESTARTING"), "\(restarted.stdout) \(restarted.stderr)")
        try waitUntilDeployed(agentId, replicas: 2)

        let deleted = try cli.run(["agents", "delete", agentId, "-o", "json"]).json()
        #expect(deleted["status"] as? String == "DELETING")
    }

    @Test func createTakesAnElizaCharacterFile() throws {
        let path = files.appending("character.json")
        try #"{"name":"Eliza Helper","system":"You help.","bio":"I help people","adjectives":["kind"],"plugins":[]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let created = try cli.run(["agents", "create", "-f", path, "-o", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let agentId = try #require(try created.json()["agentId"] as? String)
        let record = try cli.run(["agents", "get", agentId, "-o", "json"]).json()
        #expect(record["name"] as? String == "eliza-helper")
        #expect((record["personality"] as? [String: Any])?["bio"] as? [String] == ["I help people"])
        _ = try cli.run(["agents", "delete", agentId])
    }

    @Test func errorsAreOneLineWithTheCodeAndTheRequestId() throws {
        let missing = try cli.run(["agents", "get", "agent-missing"])
        #expect(missing.status != 0)
        #expect(missing.stdout.isEmpty)
        let line = missing.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!line.contains("\n"), "one line: \(line)")
        #expect(line.contains("AGENT_NOT_FOUND") && line.range(of: #"request req-[0-9a-f]{16}"#, options: .regularExpression) != nil, "\(line)")

        let wrongKey = try cli.run(["agents", "list"], environment: ["LAUNCHPAD_API_KEY": "alk_" + String(repeating: "0", count: 64)])
        #expect(wrongKey.status != 0 && wrongKey.stderr.contains("INVALID_API_KEY"), "\(wrongKey.stderr)")

        let invalid = try cli.run(["agents", "scale", "agent-missing", "99"])
        #expect(invalid.stderr.contains("VALIDATION_ERROR") || invalid.stderr.contains("AGENT_NOT_FOUND"), "\(invalid.stderr)")

        let noKey = try cli.run(["agents", "list"], environment: ["LAUNCHPAD_API_KEY": ""])
        #expect(noKey.status != 0 && noKey.stderr.contains("LAUNCHPAD_API_KEY"), "\(noKey.stderr)")

        let unreachable = try cli.run(["agents", "list", "--url", "http://127.0.0.1:1"])
        #expect(unreachable.status != 0 && unreachable.stderr.contains("CONNECTION_ERROR"), "\(unreachable.stderr)")
    }

    @Test func logsPrintsTheTailAndFollows() throws {
        let agentId = try createAgent("cli-logs")
        try waitUntilDeployed(agentId)

        let tail = try cli.run(["logs", agentId, "--tail", "2"])
        #expect(tail.status == 0)
        let lines = tail.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(tail.stdout)")
        #expect(!tail.stdout.contains("\u{1B}["), "plain when piped")
        #expect(lines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO  \S+ "#, options: .regularExpression) != nil }, "\(tail.stdout)")
        let terminal = try cli.runOnTerminal(["logs", agentId, "--tail", "1"])
        #expect(terminal.stdout.contains("\u{1B}[32mINFO \u{1B}[0m"), "the level coloured on a terminal: \(terminal.stdout.debugDescription)")
        let json = try cli.run(["logs", agentId, "--tail", "1", "-o", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["level"] as? String == "INFO")

        let (follower, output) = try cli.start(["logs", agentId, "-f", "--tail", "1"])
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL) } }
        usleep(2_800_000)  // past the stream's 2 s: the restart's lines come on the resumed stream
        #expect(try cli.run(["agents", "restart", agentId]).status == 0)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && output.text.components(separatedBy: "Agent deployed").count < 3 { usleep(100_000) }
        #expect(output.text.components(separatedBy: "Agent deployed").count >= 3, "the tail's line, then the restart's: \(output.text)")
        #expect(output.text.contains("started"), "\(output.text)")
        #expect(output.text.components(separatedBy: "\n").filter { $0.hasSuffix("Agent deployed: 1 of 1 replicas ready") }.count == 2, "each line once")
        #expect(follower.isRunning, "-f keeps following")
        follower.terminate()
        follower.waitUntilExit()
        _ = try cli.run(["agents", "delete", agentId])
    }
}
