import Foundation

extension AgentFixture {
    /// A server whose reference agents stream each word after `tokenDelayMs` (a step then takes about
    /// a second), with one deployed agent, `slowpoke`.
    public static func withSlowAgent(in directory: TemporaryDirectory, tokenDelayMs: Int = 60, extraArguments: [String] = []) throws -> AgentFixture {
        let fixture = try AgentFixture(
            dataDirectory: directory.appending("data"), logPath: directory.appending("run.log"),
            extraArguments: ["--agent-command", "{launchpad} agent-runtime --character {character} --token-delay-ms \(tokenDelayMs)"] + extraArguments)
        let agentId = try fixture.create("slowpoke", replicas: 1)
        try fixture.wait(agentId, status: "DEPLOYED", timeout: 60)
        return fixture
    }

    /// Stores (PUT) the AgentSpec pipeline `name` with `steps` (a JSON array); throws unless 200 or 201.
    public func putPipeline(_ name: String, steps: String) throws {
        let answer = try request("PUT", "/v1/pipelines/\(name)", #"{"description": "a test", "steps": \#(steps)}"#)
        guard answer.status == 201 || answer.status == 200 else { throw RawHTTPClient.ClientError("PUT \(name): \(answer)") }
    }

    /// The objects of the array `key` of an answer (a run's `steps` or `results`).
    public static func objects(_ key: String, of answer: [String: JSONValue]) -> [[String: JSONValue]] {
        guard case .array(let items)? = answer[key] else { return [] }
        return items.compactMap { if case .object(let item) = $0 { item } else { nil } }
    }

    /// Each step's `status` in an AgentSpec run.
    public static func stepStatuses(_ run: [String: JSONValue]) -> [String] {
        objects("steps", of: run).map { if case .string(let status)? = $0["status"] { status } else { "?" } }
    }
}
