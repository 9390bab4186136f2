#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// nginx's per-address limits (issue 11, part 7), through a real `launchpad up`: a burst over the
/// request rate, or too many requests in progress, from one address gets 429 in the envelope from
/// nginx alone, other addresses are not affected, and nginx's other refusals still reach launchpad.
///
/// The dev template exempts 127.0.0.1 (every other test's address); these tests connect from other
/// loopback addresses, which it limits as production limits every address.
@Suite(.serialized) struct NginxLimitTests {
    static let health = Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)

    /// Sends `count` health requests one after another from `client`; the statuses by count, and the
    /// refusals.
    static func burst(_ count: Int, from client: RawHTTPClient) throws -> (statuses: [Int: Int], refusals: [ReceivedResponse]) {
        var statuses: [Int: Int] = [:]
        var refusals: [ReceivedResponse] = []
        for _ in 0..<count {
            let response = try client.sendRaw(health)
            statuses[response.status, default: 0] += 1
            if response.status != 200 { refusals.append(response) }
        }
        return (statuses, refusals)
    }

    /// The access log lines launchpad wrote for GET /api/health so far (with `--access-log`).
    static func healthRequestsLogged(by server: LaunchpadProcess) -> Int {
        let log = (try? String(contentsOfFile: server.logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").filter { $0.contains(#""label":"launchpad.access""#) && $0.contains(#""path":"/api/health""#) }.count
    }

    @Test func aBurstOverTheRateGets429FromNginxAloneAndOnlyForItsAddress() throws {
        let server = try LaunchpadProcess(extraArguments: LaunchpadProcess.generousLimits + ["--access-log"])
        defer { server.stop() }
        // The access log is written in batches every 50 ms: wait for the start's own requests.
        usleep(300_000)
        let loggedBefore = Self.healthRequestsLogged(by: server)
        // 50 a second with bursts of 100: 250 requests in well under a second overflow it.
        let (statuses, refusals) = try Self.burst(250, from: server.client(from: "127.0.0.2"))
        #expect(statuses[200, default: 0] >= 100, "the burst allowance is served: \(statuses)")
        #expect(statuses[429, default: 0] >= 50, "the rest is refused: \(statuses)")
        #expect(statuses.keys.allSatisfy { [200, 429].contains($0) }, "\(statuses)")
        for refusal in refusals.prefix(5) {
            #expect(refusal.envelopeProblems(code: "RESOURCE_LIMIT_EXCEEDED").isEmpty, "\(refusal.envelopeProblems(code: "RESOURCE_LIMIT_EXCEEDED"))")
            #expect(refusal.header("Retry-After") == "1")
            #expect(String(decoding: refusal.body, as: UTF8.self).contains("Too many requests from this address"))
        }
        usleep(300_000)
        #expect(Self.healthRequestsLogged(by: server) - loggedBefore == statuses[200], "launchpad saw only the requests served")

        #expect(try server.client(from: "127.0.0.3").sendRaw(Self.health).status == 200, "another address is not limited")
        #expect(try Self.burst(150, from: server.client).statuses == [200: 150], "127.0.0.1 is exempt in the dev template")
    }

    /// Requests whose headers are read but whose body has not arrived count as in progress: past 32
    /// of them, the address's next request is refused until some finish.
    @Test func tooManyRequestsInProgressFromOneAddressGet429() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        let held = try (0..<40).map { _ in
            let fd = try RawHTTPClient.connectLoopback(port: server.port, from: "127.0.0.4")
            let head = Array("POST /api/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n".utf8)
            _ = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return fd
        }
        usleep(200_000)
        let refused = try server.client(from: "127.0.0.4").sendRaw(Self.health)
        #expect(refused.status == 429)
        #expect(refused.envelopeProblems(code: "RESOURCE_LIMIT_EXCEEDED").isEmpty, "\(refused.envelopeProblems(code: "RESOURCE_LIMIT_EXCEEDED"))")
        #expect(String(decoding: refused.body, as: UTF8.self).contains("Too many requests in progress from this address"))
        #expect(try server.client(from: "127.0.0.5").sendRaw(Self.health).status == 200, "another address is not limited")

        held.forEach { close($0) }
        var answered = 0
        let deadline = Date().addingTimeInterval(5)
        while answered != 200 && Date() < deadline {
            answered = try server.client(from: "127.0.0.4").sendRaw(Self.health).status
            usleep(50_000)
        }
        #expect(answered == 200, "the address is served again once its requests are gone")
    }

    /// nginx's other refusals reach launchpad through an internal redirect that the limits do not
    /// apply to: an address over its rate still gets launchpad's 400 for a malformed request, and
    /// its 405 for TRACE, not a 429 or nginx's HTML page.
    @Test func refusalsOfAnAddressOverItsLimitStillGetLaunchpadsEnvelope() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        let client = server.client(from: "127.0.0.6")
        #expect(try Self.burst(200, from: client).statuses[429, default: 0] > 0, "the address is over its rate")
        let malformed = try client.sendRaw(Array("GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(malformed.status == 400)
        #expect(malformed.envelopeProblems(code: "VALIDATION_ERROR").isEmpty, "\(malformed.envelopeProblems(code: "VALIDATION_ERROR"))")
        let traced = try client.sendRaw(Array("TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(traced.status == 405)
        #expect(traced.envelopeProblems(code: "METHOD_NOT_ALLOWED").isEmpty, "\(traced.envelopeProblems(code: "METHOD_NOT_ALLOWED"))")
    }
}
