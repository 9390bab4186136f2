#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime
import LaunchpadTestSupport
import Testing

/// An agent is kept from launchpad and from other agents (README, "Security model"): a hostile agent
/// (fixtures/agents/hostile-agent.py) tries every read, write and connection it must not get, and
/// every one fails; what launchpad keeps in the data directory is private, nginx's workers are not
/// root, and the FastCGI socket is theirs alone.
@Suite(.serialized) struct IsolationTests {
    /// Every attempt the hostile agent makes, and what it must get. Two controls on its own directory
    /// must succeed, so that a script failing at everything cannot pass.
    static let expected: [(name: String, allowed: Bool)] = [
        ("own-directory-write", true), ("own-character-read", true),
        ("master-key-read", false), ("admin-key-read", false), ("metrics-token-read", false),
        ("lmdb-data-read", false), ("lmdb-lock-read", false), ("ratelimit-data-read", false),
        ("launchpad-log-read", false), ("nginx-log-read", false), ("nginx-config-read", false),
        ("data-directory-list", false), ("agents-directory-list", false),
        ("other-agent-directory-list", false), ("other-agent-character-read", false), ("other-agent-directory-write", false),
        ("other-agent-environ-read", false), ("other-agent-cmdline-read", false), ("other-agent-signal", false),
        ("launchpad-environ-read", false), ("launchpad-cmdline-read", false), ("other-processes-visible", false),
        ("fastcgi-socket-connect", false), ("metrics-without-token", false),
        ("data-directory-write", false), ("agents-directory-write", false), ("etc-write", false),
        ("memory-limit-raise", false), ("pids-limit-raise", false), ("cpu-limit-raise", false), ("cgroup-leave", false),
        ("rlimit-raise", false), ("root-regain", false), ("priority-raise", false),
    ]

    static let victimSecret = "victim-discord-token-" + UUID().uuidString

    @Test func aHostileAgentGetsNothingItMustNot() throws {
        try #require(geteuid() == 0, "isolating agents needs root")
        let scripts = try TemporaryDirectory()
        let script = scripts.appending("hostile-agent.py")
        try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/fixtures/agents/hostile-agent.py", toPath: script)
        chmod(script, 0o644)
        let fixture = try AgentFixture(extraArguments: ["--agent-command", "python3 \(script)"])
        defer { fixture.server.stop() }

        let victim = try fixture.create("victim-bot", bio: ["A quiet agent."], platforms: ["discord": ["token": Self.victimSecret]])
        let victimPid = try #require(try fixture.wait(victim, status: "DEPLOYED", processes: 1).first)
        let hostile = try fixture.create("hostile-bot", bio: [
            "A hostile agent.", "target victimPid=\(victimPid)", "target victimDir=\(fixture.server.dataDirectory)/agents/\(victim)",
            "target nginxPort=\(fixture.server.port)",
        ])
        let messages = try fixture.waitForLogs(hostile) { $0.contains { $0.hasPrefix("ATTEMPTS DONE") } }
        #expect(messages.contains("ATTEMPTS DONE \(Self.expected.count)"), "the hostile agent finished: \(messages.suffix(20))")

        var outcomes: [String: String] = [:]
        for message in messages where message.hasPrefix("ATTEMPT ") {
            let fields = message.split(separator: " ", maxSplits: 3).map(String.init)
            if fields.count >= 3 { outcomes[fields[1]] = fields.dropFirst(2).joined(separator: " ") }
        }
        for (name, allowed) in Self.expected {
            guard let outcome = outcomes[name] else {
                Issue.record("no line for \(name): the attempt did not run")
                continue
            }
            #expect(outcome.hasPrefix(allowed ? "ALLOWED" : "DENIED"), "\(name): \(outcome)")
        }
        #expect(Set(outcomes.keys) == Set(Self.expected.map(\.name)), "attempts the test does not know: \(Set(outcomes.keys).subtracting(Self.expected.map(\.name)))")
        #expect(!messages.contains { $0.contains(Self.victimSecret) }, "the victim's token is nowhere in the hostile agent's output")
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.server.dataDirectory)/agents/\(victim)/planted.txt"))

        // The two agents run as two users of the range, neither root.
        let hostilePid = try #require(AgentFixture.pids(of: hostile).first)
        let uids = [victimPid, hostilePid].map(Self.uid)
        #expect(uids.allSatisfy { (200_000...265_535).contains($0) } && uids[0] != uids[1], "uids: \(uids)")
    }

    @Test func theDataDirectoryIsPrivateNginxWorkersAreNotRootAndTheSocketIsTheirs() throws {
        try #require(geteuid() == 0, "isolating agents needs root")
        let fixture = try AgentFixture()
        defer { fixture.server.stop() }
        let agentId = try fixture.create("plain-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        let data = fixture.server.dataDirectory

        // Others may pass through the data directory and agents/ (to their own directories), and
        // nothing else: no read or write bit for others anywhere, and nginx/ only for its group.
        let www = try #require(getgrnam("www-data")).pointee.gr_gid
        var checked = 0
        let walker = FileManager.default.enumerator(atPath: data)
        while let entry = walker?.nextObject() as? String {
            // Behind agents/<id> (0700, its agent's) and nginx/ (0710, nginx's group), modes matter less.
            if entry.hasPrefix("agents/") || entry.hasPrefix("nginx/") { walker?.skipDescendants(); continue }
            var status = stat()
            guard lstat(data + "/" + entry, &status) == 0 else { continue }
            checked += 1
            #expect(status.st_mode & 0o006 == 0, "\(entry) is open to others: \(String(status.st_mode & 0o777, radix: 8))")
            if entry == "agents" { #expect(status.st_mode & 0o777 == 0o711 && status.st_uid == 0) }
            if entry == "nginx" { #expect(status.st_mode & 0o777 == 0o710 && status.st_gid == www) }
        }
        #expect(checked >= 9, "the walk saw the data directory's entries: \(checked)")
        var top = stat()
        #expect(stat(data, &top) == 0 && top.st_mode & 0o777 == 0o711)
        var agent = stat()
        #expect(stat("\(data)/agents/\(agentId)", &agent) == 0 && agent.st_mode & 0o777 == 0o700 && agent.st_uid >= 200_000)

        var socket = stat()
        #expect(stat(fixture.server.socketPath, &socket) == 0)
        #expect(socket.st_mode & 0o777 == 0o660 && socket.st_uid == 0 && socket.st_gid == www, "the socket is root's and nginx's group's")

        let master = fixture.server.nginxPid
        let workers = AgentFixture.children(of: master)
        #expect(!workers.isEmpty)
        for worker in workers {
            #expect(Self.uid(worker) == (try #require(getpwnam("www-data"))).pointee.pw_uid, "nginx worker \(worker) runs as www-data")
        }
        #expect(try fixture.server.client.send(method: "GET", path: "/api/health").status == 200, "and nginx still reaches launchpad")
    }

    /// The real user id of a process, from /proc/<pid>/status.
    static func uid(_ pid: Int32) -> UInt32 {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        return line.flatMap { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first }.flatMap { UInt32($0) } ?? UInt32.max
    }
}
