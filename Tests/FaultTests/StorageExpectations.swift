import Foundation
import LaunchpadTestSupport
import Testing

/// What a client must see from a launchpad whose data directory cannot be written.
enum StorageExpectations {
    /// The answer is 507 in the documented envelope, `INSUFFICIENT_STORAGE`, saying `problem`.
    static func expectRefused(_ answer: (status: Int, body: [String: JSONValue]), saying problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == 507, "a refused write is 507: \(answer)", sourceLocation: sourceLocation)
        guard case .object(let error)? = answer.body["error"] else {
            Issue.record("no error envelope: \(answer)", sourceLocation: sourceLocation)
            return
        }
        #expect(error["code"] == .string("INSUFFICIENT_STORAGE"), sourceLocation: sourceLocation)
        if case .string(let message)? = error["message"] {
            #expect(message.contains(problem), "message says '\(problem)': \(message)", sourceLocation: sourceLocation)
        } else {
            Issue.record("no message: \(error)", sourceLocation: sourceLocation)
        }
        if case .string(let requestId)? = error["requestId"] { #expect(requestId.hasPrefix("req-"), sourceLocation: sourceLocation) } else { Issue.record("no requestId", sourceLocation: sourceLocation) }
        if case .string(let timestamp)? = error["timestamp"] { #expect(!timestamp.isEmpty, sourceLocation: sourceLocation) } else { Issue.record("no timestamp", sourceLocation: sourceLocation) }
    }

    /// Every agent in `names` (id → name) reads back with its name, and the list holds them all.
    static func expectReadable(_ names: [String: String], through fixture: AgentFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (agentId, name) in names {
            let agent = try fixture.request("GET", "/api/agents/\(agentId)")
            #expect(agent.status == 200 && agent.body["name"] == .string(name), "\(agentId) reads back as \(name): \(agent.status) \(agent.body["name"].map { "\($0)" } ?? "-")", sourceLocation: sourceLocation)
        }
        let list = try fixture.request("GET", "/api/agents?limit=100")
        #expect(list.status == 200, sourceLocation: sourceLocation)
        #expect(list.body["total"] == .number(Double(names.count)), "the list holds every acknowledged agent: \(list.body["total"].map { "\($0)" } ?? "-")", sourceLocation: sourceLocation)
    }

    /// GET /api/health's overall status and the database's reason.
    static func health(of server: LaunchpadProcess) throws -> (status: String, reason: String) {
        let response = try server.client.send(method: "GET", path: "/api/health", headers: [("X-API-Key", server.adminKey)])
        guard case .object(let fields)? = try? JSONValue.parse(response.body), case .string(let status)? = fields["status"],
              case .object(let components)? = fields["components"], case .object(let database)? = components["database"] else {
            throw FaultTestError("no health report: \(String(decoding: response.body, as: UTF8.self))")
        }
        if case .string(let reason)? = database["reason"] { return (status, reason) }
        return (status, "")
    }

    /// Waits up to `timeout` for the health status to become `status`; returns the last reading.
    static func waitForHealth(_ status: String, of server: LaunchpadProcess, timeout: TimeInterval = 5) throws -> (status: String, reason: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try health(of: server)
        while last.status != status && Date() < deadline {
            usleep(100_000)
            last = try health(of: server)
        }
        return last
    }

    /// A create body of about 40 KB (a long system prompt and bio), so that committing it needs
    /// fresh pages at the end of the database file rather than pages LMDB can reuse.
    static func largeAgent(_ name: String) -> String {
        let line = String(repeating: "x", count: 2000)
        let bio = Array(repeating: "\"\(line)\"", count: 12).joined(separator: ",")
        return #"{"agentName":"\#(name)","personality":{"system":"\#(String(repeating: "s", count: 16000))","bio":[\#(bio)]},"resources":{"memory":"256Mi","cpu":"100m","replicas":0}}"#
    }

    /// Checks LMDB environments of the data directory with `mdb_stat` (it reads every table's root).
    static func expectConsistent(_ dataDirectory: String, environments: [String] = ["db"], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for environment in environments {
            let stat = try Command.run("mdb_stat", ["-a", dataDirectory + "/" + environment])
            #expect(stat.status == 0, "mdb_stat \(environment): \(stat.output)", sourceLocation: sourceLocation)
        }
    }
}
