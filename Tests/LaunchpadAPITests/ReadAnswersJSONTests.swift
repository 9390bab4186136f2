import Foundation
@testable import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// The answers that write their own JSON (`JSONWritable`) send the bytes of their `Encodable`
/// conformance, and the list page shows what the service says of each agent.
struct ReadAnswersJSONTests {
    private let alice = Principal(keyId: "key_1", userId: "user-a", username: "alice", role: .user)

    /// What `JSON.encode` sends (the value's own writing) against its `Encodable` conformance's bytes.
    private func expectSameBytes(_ value: some JSONWritable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = String(decoding: try JSON.encode(value), as: UTF8.self)
        let encoded = String(decoding: try JSON.encodeThroughEncoder(value), as: UTF8.self)
        #expect(written == encoded, sourceLocation: sourceLocation)
    }

    /// The stored fields a summary is decoded from.
    private struct Record: Encodable {
        var agentId: String
        var name: String
        var status: AgentStatus
        var ownerId: String
        var createdAt: Date
    }

    /// A summary decoded as the store decodes one, from a record any binary may have written: names
    /// the API would refuse today still have to come out as JSON.
    private func summary(_ agentId: String, name: String, status: AgentStatus = .deployed, createdAt: Double = 1_705_314_600.7) throws -> AgentSummary {
        let record = Record(agentId: agentId, name: name, status: status, ownerId: "user-\(agentId.suffix(4))", createdAt: Date(timeIntervalSince1970: createdAt))
        return try JSONDecoder().decode(AgentSummary.self, from: JSONEncoder().encode(record))
    }

    @Test(arguments: [
        "http://{agentId}.agents.localhost", "https://agents.example.com/{agentId}/chat", "{agentId}", "https://no-id.example.com",
        #"http://x/"q\{agentId}\#u{01}"#, "https://ëxample.com/{agentId}?a=1&b=\"\n\"",
    ])
    func listAnswerWritesItsEncodableBytes(_ template: String) throws {
        let agents = [
            try summary("agent-0123456789", name: "plain-bot"),
            try summary("agent-a", name: #"quote" and back\slash"#, status: .failed),
            try summary("agent-bcdef01234", name: "line\nbreak\ttab\rcr\u{01}\u{1F}", createdAt: -86_401),
            try summary("agent-c", name: "ünïcødé ✓ bot with a name longer than fifteen bytes", status: .queued),
            try summary("agent-d", name: "", createdAt: 253_402_300_799),
        ]
        let urls = AgentURLTemplate(template)
        for (offset, count) in [(0, 5), (2, 2), (5, 0)] {
            try expectSameBytes(AgentListAnswer(agents: Array(agents[offset..<offset + count]), urls: urls, total: 5, limit: 20, offset: offset))
        }
    }

    @Test func listEntriesCarryTheServiceURL() throws {
        let urls = AgentURLTemplate("https://{agentId}.agents.example.com/x")
        let answer = AgentListAnswer(agents: [try summary("agent-0123456789", name: "a-bot")], urls: urls, total: 1, limit: 20, offset: 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSON.encode(answer))) as? [String: Any])
        let entry = try #require((json["agents"] as? [[String: Any]])?.first)
        #expect(entry["url"] as? String == "https://agent-0123456789.agents.example.com/x")
        #expect(urls.url(of: "agent-0123456789") == "https://agent-0123456789.agents.example.com/x")
    }

    @Test func statusAnswerWritesItsEncodableBytes() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        let agent = try services.agents.create(AgentDraft(name: "status-bot", personality: Personality(bio: ["x"]), resources: .init(replicas: 0)), by: alice)
        let health = try services.agents.status(agent.agentId, for: alice)
        for template in ["http://{agentId}.agents.localhost", #"http://"\{agentId}"#] {
            try expectSameBytes(AgentStatusAnswer(health, urls: AgentURLTemplate(template), now: Date()))
        }
    }

    @Test func profileAnswerWritesItsEncodableBytes() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        let issued = try services.identity.generateKey(KeyGrant(username: "pro.file", email: "p@example.com", role: .admin), by: nil)
        let record = try services.identity.authenticate(issued.apiKey)
        let principal = Principal(keyId: record.keyId, userId: record.userId, username: record.username, role: record.role)
        try expectSameBytes(UserProfileBody(try services.identity.profile(of: principal)))
    }

    @Test func healthSummaryWritesItsEncodableBytes() throws {
        try expectSameBytes(HealthSummaryAnswer(status: "HEALTHY", timestamp: Date(timeIntervalSince1970: 1_705_314_600.5), version: HealthService.version))
    }

    /// The route itself: a page with an offset, each entry's url the service's, the total of all.
    @Test func listPageThroughTheApplication() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path, configuration: .init(agents: .init(urlTemplate: "https://{agentId}.agents.example.com")))
        defer { services.close() }
        let application = Application(services: services)
        let key = try services.identity.generateKey(KeyGrant(username: "lister", email: "l@example.com", role: .user), by: nil).apiKey
        for index in 0..<5 {
            let created = application.respond(.post, "/api/agents", key: key, body: #"{"agentName": "bot-\#(index)", "personality": {"bio": ["x"]}, "resources": {"replicas": 0}}"#)
            #expect(created.status == 201)
        }
        let response = application.respond(.get, "/api/agents?limit=2&offset=1", key: key)
        #expect(response.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.bodyBytes)) as? [String: Any])
        let entries = try #require(json["agents"] as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["bot-3", "bot-2"])
        for entry in entries {
            let agentId = try #require(entry["agentId"] as? String)
            #expect(entry["url"] as? String == services.agents.url(of: agentId))
            #expect(entry["status"] as? String == "QUEUED")
        }
        #expect(json["total"] as? Int == 5)
        #expect(json["limit"] as? Int == 2)
        #expect(json["offset"] as? Int == 1)
        let broken = application.respond(.get, "/api/agents?limit=%zz", key: key)
        #expect(broken.status == 400)
    }
}
