#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime
import LaunchpadTestSupport
import Testing

/// What happens after a crash (issue 11, part 2): the responder comes back by itself with every
/// agent, nginx answers quickly in the envelope meanwhile, nothing of launchpad's outlives it, and
/// a new start replaces what an earlier one left.
@Suite(.serialized) struct SupervisionTests {
    /// SIGKILL of the responder while agents run: within seconds /api/health answers, every agent
    /// is DEPLOYED again with its replicas, the killed responder's replicas are gone, nginx is the
    /// same. A second kill soon after is restarted after a backoff, during which nginx answers 503
    /// in the envelope at once, never a hang.
    @Test func aKilledResponderComesBackWithEveryAgentAndNginxAnswers503Meanwhile() throws {
        let fixture = try AgentFixture()
        defer { fixture.server.stop() }
        let agents = [try fixture.create("kept-one", replicas: 1), try fixture.create("kept-two", replicas: 2)]
        var replicas = try agents.map { try fixture.wait($0, status: "DEPLOYED", processes: $0 == agents[0] ? 1 : 2) }
        let nginx = fixture.server.nginxPid
        #expect(nginx > 0)

        for round in 0..<2 {
            let responder = fixture.server.responderPid
            #expect(responder > 0 && responder != fixture.server.pid, "round \(round): the responder is a child of launchpad up")
            kill(responder, SIGKILL)
            var sawUnavailable = false
            let deadline = Date().addingTimeInterval(15)
            var healthy = false
            while Date() < deadline && !healthy {
                let started = Date()
                let answer = try fixture.server.client.sendRaw(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeoutSeconds: 3)
                #expect(Date().timeIntervalSince(started) < 2, "round \(round): every answer comes quickly")
                if answer.status == 503 {
                    sawUnavailable = true
                    #expect(answer.envelopeProblems(code: "SERVICE_UNAVAILABLE").isEmpty, "\(answer.envelopeProblems(code: "SERVICE_UNAVAILABLE"))")
                    #expect(answer.header("Retry-After") == "1")
                } else {
                    #expect(answer.status == 200, "round \(round): 503 or 200, got \(answer.status)")
                    healthy = answer.status == 200 && fixture.server.responderPid != responder
                }
                usleep(20_000)
            }
            #expect(healthy, "round \(round): /api/health answered again within 15 s\n\(fixture.server.log())")
            if round == 1 {
                #expect(sawUnavailable, "a second crash soon after the first waits a backoff, answered by nginx with 503")
            }
            let previous = replicas.flatMap { $0 }
            replicas = try agents.enumerated().map { index, agentId in
                try fixture.wait(agentId, status: "DEPLOYED", processes: index == 0 ? 1 : 2)
            }
            #expect(Set(replicas.flatMap { $0 }).isDisjoint(with: previous), "round \(round): new replicas replace the killed responder's")
            let survivors = previous.filter(AgentFixture.isRunning)
            #expect(survivors.isEmpty, "round \(round): no replica of the killed responder is left: \(survivors)")
            for pid in replicas.flatMap({ $0 }) {
                #expect(AgentFixture.parent(of: pid) == fixture.server.responderPid, "each replica is the new responder's")
            }
        }
        #expect(fixture.server.nginxPid == nginx, "nginx stayed up throughout")
    }

    /// SIGKILL of `launchpad up` itself: nginx, the responder and every replica end within seconds
    /// (the kernel's parent-death signal), and a new start on the same data directory and port works.
    @Test func killingLaunchpadUpLeavesNoProcessAndItStartsAgainOnTheSamePort() throws {
        let directory = try TemporaryDirectory()
        let data = directory.appending("data")
        let fixture = try AgentFixture(dataDirectory: data)
        let agent = try fixture.create("orphan-check", replicas: 2)
        let replicas = try fixture.wait(agent, status: "DEPLOYED", processes: 2)
        let nginxWorkers = AgentFixture.children(of: fixture.server.nginxPid)
        let everything = replicas + [fixture.server.nginxPid, fixture.server.responderPid] + nginxWorkers
        kill(fixture.server.pid, SIGKILL)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && everything.contains(where: AgentFixture.isRunning) { usleep(50_000) }
        let survivors = everything.filter(AgentFixture.isRunning)
        #expect(survivors.isEmpty, "nothing outlives launchpad up: \(survivors)")

        let again = try LaunchpadProcess(dataDirectory: data, port: fixture.server.port, extraArguments: AgentFixture.generousLimits)
        defer { again.stop() }
        let restarted = AgentFixture(server: again, key: fixture.key)
        try restarted.wait(agent, status: "DEPLOYED", processes: 2)
    }

    /// An nginx of this data directory left running (as an earlier launchpad without supervision
    /// left it, holding the port) is replaced by the next start.
    @Test func anOrphanedNginxOfTheDataDirectoryIsReplaced() throws {
        let directory = try TemporaryDirectory()
        let data = directory.appending("data")
        let first = try LaunchpadProcess(dataDirectory: data)
        let port = first.port
        #expect(first.stop() == 0)
        let orphan = Process()
        orphan.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        orphan.arguments = ["-p", data + "/nginx", "-c", data + "/nginx/nginx.conf"]
        orphan.standardError = FileHandle.nullDevice
        try orphan.run()
        defer { if orphan.isRunning { orphan.terminate() } }
        let deadline = Date().addingTimeInterval(5)
        while first.nginxPid != orphan.processIdentifier && Date() < deadline { usleep(20_000) }
        #expect(first.nginxPid == orphan.processIdentifier, "the stand-in orphan holds the port")

        let second = try LaunchpadProcess(dataDirectory: data, port: port)
        defer { second.stop() }
        orphan.waitUntilExit()
        #expect(second.nginxPid != orphan.processIdentifier)
        #expect(try second.client.send(method: "GET", path: "/api/health").status == 200)
    }

    /// No descriptor of launchpad's reaches nginx or a replica: the replica (here `sleep`, which
    /// opens nothing) has exactly stdin, stdout and stderr; nginx holds neither the FastCGI listening
    /// socket nor a file of the store.
    @Test func noDescriptorLeaksIntoNginxOrAReplica() throws {
        let fixture = try AgentFixture(extraArguments: ["--agent-command", "sleep 600"])
        defer { fixture.server.stop() }
        let agent = try fixture.create("fd-check", replicas: 1)
        var replica: Int32?
        let deadline = Date().addingTimeInterval(20)
        while replica == nil && Date() < deadline {
            // The wrapper execs `sleep`: wait for that, not the launchpad binary before its exec.
            replica = AgentFixture.pids(of: agent).first { (Self.commandLine($0) ?? "").hasPrefix("sleep 600") }
            usleep(20_000)
        }
        guard let replica else {
            Issue.record("no replica started: \(fixture.server.log())")
            return
        }
        #expect(Self.descriptors(of: replica).map(\.number) == [0, 1, 2], "a replica inherits nothing: \(Self.descriptors(of: replica))")

        let listening = try #require(Self.listeningSocketInode(at: fixture.server.socketPath), "the FastCGI socket is listening")
        #expect(Self.descriptors(of: fixture.server.responderPid).contains { $0.target == "socket:[\(listening)]" }, "the check can see the socket")
        for pid in [fixture.server.nginxPid] + AgentFixture.children(of: fixture.server.nginxPid) {
            let descriptors = Self.descriptors(of: pid)
            #expect(!descriptors.isEmpty)
            #expect(!descriptors.contains { $0.target == "socket:[\(listening)]" }, "nginx \(pid) does not hold the FastCGI listening socket")
            #expect(!descriptors.contains { $0.target.hasPrefix(fixture.server.dataDirectory + "/db") }, "nginx \(pid) holds no store file: \(descriptors)")
        }
    }

    static func descriptors(of pid: Int32) -> [(number: Int, target: String)] {
        let directory = "/proc/\(pid)/fd"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            guard let number = Int(name), let target = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + name) else { return nil }
            return (number, target)
        }.sorted { $0.number < $1.number }
    }

    /// The inode of the listening unix socket bound at `path`, from /proc/net/unix.
    static func listeningSocketInode(at path: String) -> String? {
        // Read to the end: /proc files report a size of 0, and a busy machine's table is long.
        guard let data = FileHandle(forReadingAtPath: "/proc/net/unix")?.readDataToEndOfFile() else { return nil }
        let table = String(decoding: data, as: UTF8.self)
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // Num RefCount Protocol Flags Type St Inode Path; flag 00010000 is __SO_ACCEPTCON (listening).
            guard fields.count >= 8, fields[7] == path, let flags = Int(fields[3], radix: 16), flags & 0x10000 != 0 else { continue }
            return String(fields[6])
        }
        return nil
    }

    static func commandLine(_ pid: Int32) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self) }
    }
}
