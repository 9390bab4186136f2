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

    /// The body of a small agent's create: a bio (a personality is required; one line unless given),
    /// 256Mi and 100m unless given, and the platforms given.
    public static func createBody(
        _ name: String, replicas: Int, memory: String = "256Mi", cpu: String = "100m", bio: [String] = ["A helpful test agent."],
        platforms: [String: [String: String]] = [:]
    ) -> String {
        var body: [String: Any] = [
            "agentName": name, "personality": ["bio": bio], "resources": ["memory": memory, "cpu": cpu, "replicas": replicas],
        ]
        if !platforms.isEmpty { body["platforms"] = platforms }
        let data = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Creates an agent; throws unless the answer is 201. Returns its id.
    public func create(
        _ name: String, replicas: Int = 1, memory: String = "256Mi", cpu: String = "100m", bio: [String] = ["A helpful test agent."],
        platforms: [String: [String: String]] = [:]
    ) throws -> String {
        let created = try request("POST", "/api/agents", Self.createBody(name, replicas: replicas, memory: memory, cpu: cpu, bio: bio, platforms: platforms))
        guard created.status == 201, case .string(let agentId)? = created.body["agentId"] else {
            throw RawHTTPClient.ClientError("create failed: \(created)")
        }
        return agentId
    }

    /// A replica command: Python running `code`, then serving GET /health on $PORT, with `serving`
    /// run once it listens (no single quotes in either; `os`, `threading`, `time` imported).
    public static func pythonAgent(_ code: String, serving: String = "") -> String {
        """
        python3 -c 'import os, threading, time, http.server as h
        \(code)
        class Health(h.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
            def log_message(self, *args): pass
        server = h.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Health)
        \(serving)
        server.serve_forever()'
        """
    }

    /// The messages of the agent's newest `lines` log lines (its replicas' and launchpad's own), oldest first.
    public func logMessages(_ agentId: String, lines: Int = 1000) throws -> [String] {
        guard case .array(let entries)? = try request("GET", "/api/agents/\(agentId)/logs?lines=\(lines)").body["logs"] else { return [] }
        return entries.compactMap { entry in
            guard case .object(let fields) = entry, case .string(let message)? = fields["message"] else { return nil }
            return message
        }
    }

    /// Polls the agent's log until `condition` holds on its messages; returns them (the last ones read
    /// when it never held).
    @discardableResult
    public func waitForLogs(_ agentId: String, timeout: TimeInterval = 20, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var messages: [String] = []
        while Date() < deadline {
            messages = try logMessages(agentId)
            if condition(messages) { return messages }
            usleep(200_000)
        }
        return messages
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

    /// The processes whose parent is `parent`, from /proc.
    public static func children(of parent: Int32) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { Self.parent(of: $0) == parent }
    }

    /// The parent of a process, from `/proc/<pid>/stat` (nil when it is gone).
    public static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}
