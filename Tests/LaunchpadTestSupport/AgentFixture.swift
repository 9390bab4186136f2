#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime

/// A real `launchpad up` and a USER key on it, for tests of agents as processes. Its requests may
/// come from several threads (each opens its own connection).
public final class AgentFixture: @unchecked Sendable {
    public let server: LaunchpadProcess
    public let key: String

    /// Generous limits for every key: the tests poll the status many times a second.
    public static let generousLimits = ["--rate-limit", "1000000/15m", "--admin-rate-limit", "1000000/15m", "--auth-failure-limit", "1000000/15m"]

    /// Starts a server and makes a USER key (`runner`) on it.
    public convenience init(dataDirectory: String? = nil, logPath: String? = nil, port: Int? = nil, extraArguments: [String] = []) throws {
        let server = try LaunchpadProcess(dataDirectory: dataDirectory, logPath: logPath, port: port, extraArguments: Self.generousLimits + extraArguments)
        try self.init(server: server, key: Self.makeKey(on: server))
    }

    /// A server already running, with a key it knows (one made by an earlier run on the same data directory).
    public init(server: LaunchpadProcess, key: String) {
        self.server = server
        self.key = key
    }

    /// A new USER key for `runner`, made with the server's ADMIN key.
    public static func makeKey(on server: LaunchpadProcess) throws -> String {
        let body = Array(#"{"username":"runner","email":"runner@example.com","role":"USER"}"#.utf8)
        let response = try server.client.send(
            method: "POST", path: "/api/auth/generate-key",
            headers: [("X-API-Key", server.adminKey), ("Content-Type", "application/json")], body: body)
        guard case .object(let fields)? = try? JSONValue.parse(response.body), case .string(let key)? = fields["apiKey"] else {
            throw RawHTTPClient.ClientError("no key: \(String(decoding: response.body, as: UTF8.self))")
        }
        return key
    }

    /// Sends a request with the key; the body, if any, as JSON. The answer's JSON object, or `[:]`.
    public func request(_ method: String, _ path: String, _ body: String? = nil) throws -> (status: Int, body: [String: JSONValue]) {
        var headers = [("X-API-Key", key)]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try server.client.send(method: method, path: path, headers: headers, body: Array((body ?? "").utf8))
        guard case .object(let fields)? = try? JSONValue.parse(response.body) else { return (response.status, [:]) }
        return (response.status, fields)
    }

    /// The body of a small agent's create: a one-line bio (a personality is required), 256Mi, 100m.
    public static func createBody(_ name: String, replicas: Int) -> String {
        #"{"agentName":"\#(name)","personality":{"bio":["A helpful test agent."]},"resources":{"memory":"256Mi","cpu":"100m","replicas":\#(replicas)}}"#
    }

    /// Creates an agent; throws unless the answer is 201. Returns its id.
    public func create(_ name: String, replicas: Int = 1) throws -> String {
        let created = try request("POST", "/api/agents", Self.createBody(name, replicas: replicas))
        guard created.status == 201, case .string(let agentId)? = created.body["agentId"] else {
            throw RawHTTPClient.ClientError("create failed: \(created)")
        }
        return agentId
    }

    /// Waits until the agent's status is `status` and `pids` has `count` processes; returns them.
    @discardableResult
    public func wait(_ agentId: String, status: String, processes count: Int? = nil, timeout: TimeInterval = 20) throws -> [Int32] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: (Int, [String: JSONValue]) = (0, [:])
        while Date() < deadline {
            last = try request("GET", "/api/agents/\(agentId)/status")
            let pids = Self.pids(of: agentId)
            if last.1["status"] == .string(status), count.map({ $0 == pids.count }) ?? true { return pids }
            usleep(100_000)
        }
        throw RawHTTPClient.ClientError("agent \(agentId) not \(status) with \(count.map(String.init) ?? "any") processes: \(last), pids \(Self.pids(of: agentId))\n\(server.log())")
    }

    /// The live processes whose environment names the agent.
    public static func pids(of agentId: String) -> [Int32] {
        LeftoverReplicas.find().filter { $0.agentId == agentId }.map(\.pid).sorted()
    }

    /// Alive and not a zombie (a replica orphaned by a SIGKILLed launchpad is reaped by PID 1, which in
    /// a container may never do it).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
        return state != "Z" && state != "X"
    }

    /// The parent of a process, from `/proc/<pid>/stat` (nil when it is gone).
    public static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}
