import Testing

@testable import LaunchpadAgentRuntime

@Suite struct AgentLogTests {
    @Test func aLineIsOneJSONObjectWithTimeLevelAndMessage() {
        // 2024-01-15T13:20:00Z
        let line = AgentLog.line(.info, "Agent \"Eliza\" starting", at: 1_705_324_800)
        #expect(line == #"{"time":"2024-01-15T13:20:00Z","level":"INFO","msg":"Agent \"Eliza\" starting"}"# + "\n")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONText.quoted("a\nb\t\u{1}\\") == #""a\nb\t\u0001\\""#)
    }

    @Test func levelsAreWrittenInCapitals() {
        #expect(AgentLog.Level.warning.rawValue == "WARN")
        #expect(AgentLog.Level.error.rawValue == "ERROR")
    }
}
