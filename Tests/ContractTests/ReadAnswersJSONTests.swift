import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import Testing

/// The keyed reads' answers (status, a page of agents, the profile) write their own JSON (`JSONWritable`); it must be what their `Encodable`
/// conformances write, byte for byte, with optionals present and absent and strings that need escapes.
@Suite struct ReadAnswersJSONTests {
    private static func decoded<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }

    private static func expectSameBytes<T: Encodable>(_ value: T) throws {
        let written = String(decoding: try JSON.encode(value), as: UTF8.self)
        let encoded = String(decoding: try JSON.encodeThroughEncoder(value), as: UTF8.self)
        #expect(written == encoded)
    }

    @Test func statusReportsWriteWhatTheirEncoderWrites() throws {
        let full = """
            {"agentId":"agent-0123456789","status":"DEPLOYED","reason":"a \\"quoted\\" reason\\nwith a line","url":"http://agent-0123456789.agents.localhost",
             "health":{"overall":"HEALTHY","kubernetes":{"status":"HEALTHY","replicas":2,"readyReplicas":1},
             "application":{"status":"HEALTHY","uptime":"2h 15m","responseTime":"3ms"}},
             "deployedAt":"2026-12-01T17:41:47Z","lastUpdated":"2026-12-01T17:42:00Z"}
            """
        let bare = """
            {"agentId":"agent-1","status":"QUEUED","url":"u","health":{"overall":"UNHEALTHY","kubernetes":{"status":"UNHEALTHY","replicas":0,"readyReplicas":0},
             "application":{"status":"STOPPED"}},"lastUpdated":"1970-01-01T00:00:00Z"}
            """
        try Self.expectSameBytes(try Self.decoded(AgentStatusReport.self, full))
        try Self.expectSameBytes(try Self.decoded(AgentStatusReport.self, bare))
    }

    @Test func agentListsWriteWhatTheirEncoderWrites() throws {
        let page = """
            {"agents":[{"agentId":"agent-1","name":"n\\u0001\\\\","status":"FAILED","owner":"user-1","createdAt":"2026-12-01T00:00:00Z","url":"u1"},
             {"agentId":"agent-2","name":"ünï","status":"DEPLOYED","owner":"user-2","createdAt":"2026-11-30T23:59:59Z","url":"u2"}],
             "total":2,"limit":20,"offset":0}
            """
        try Self.expectSameBytes(try Self.decoded(AgentList.self, page))
        try Self.expectSameBytes(try Self.decoded(AgentList.self, #"{"agents":[],"total":0,"limit":1,"offset":5}"#))
    }

    @Test func profilesWriteWhatTheirEncoderWrites() throws {
        let withLogin = """
            {"userId":"user-1","username":"ann \\"a\\"","email":"a@b.c","role":"ADMIN","createdAt":"2026-01-01T00:00:00Z",
             "lastLogin":"2026-12-01T10:00:00Z","permissions":["agents:*","users:*"],"notifications":{"email":true,"slack":false}}
            """
        let never = """
            {"userId":"user-2","username":"bob","email":"b@c.d","role":"USER","createdAt":"2026-01-01T00:00:00Z",
             "permissions":[],"notifications":{"email":false,"slack":true}}
            """
        try Self.expectSameBytes(try Self.decoded(UserProfile.self, withLogin))
        try Self.expectSameBytes(try Self.decoded(UserProfile.self, never))
    }
}
