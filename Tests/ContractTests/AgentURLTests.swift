#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// The agent's url through a real nginx and `launchpad up`, with the reference agent as the replica:
/// an upload reaches the agent while it is still being sent, and every refusal, launchpad's and
/// nginx's own, is in seed 001's envelope.
@Suite(.serialized) struct AgentURLTests {
    typealias Fixture = AgentFixture

    /// 8 MiB for the agents' server, 1 MiB (the default) for the API.
    static let agentBodyLimit = 8 << 20

    static func head(_ fixture: Fixture, _ agentId: String, _ request: String) -> String {
        "\(request) HTTP/1.1\r\nHost: \(agentId).agents.localhost:\(fixture.server.port)\r\n"
    }

    /// `GET /echo` on the agent: the bytes of uploads it is reading right now.
    static func receiving(_ fixture: Fixture, _ agentId: String) throws -> Int {
        let response = try fixture.server.client.sendRaw(Array((head(fixture, agentId, "GET /echo") + "Connection: close\r\n\r\n").utf8))
        guard response.status == 200, case .number(let bytes)? = (try? JSONValue.parse(response.body))?["receiving"] else {
            throw RawHTTPClient.ClientError("not the agent's echo progress: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return Int(bytes)
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw RawHTTPClient.ClientError("send failed: errno \(errno)") }
            offset += count
        }
    }

    /// `count` bytes as chunks of 64 KiB.
    static func chunks(_ count: Int) -> [UInt8] {
        let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
        var bytes: [UInt8] = []
        for _ in 0..<(count / piece.count) {
            bytes += Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + [0x0D, 0x0A]
        }
        return bytes
    }

    static func readAll(_ fd: Int32) throws -> ReceivedResponse {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return try RawHTTPClient.parse(received)
    }

    @Test func aChunkedUploadReachesTheAgentWhileItIsStillBeingSent() throws {
        let fixture = try Fixture(extraArguments: ["--agent-max-body-bytes", String(Self.agentBodyLimit)])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("upload-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        #expect(try Self.receiving(fixture, agentId) == 0)

        let fd = try RawHTTPClient.connectLoopback(port: fixture.server.port)
        defer { close(fd) }
        try Self.sendAll(fd, Array((Self.head(fixture, agentId, "POST /echo") + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").utf8))
        // 2 MiB, more than the agents' server's 64 KiB body buffer and the API's 1 MiB limit: with
        // request buffering, nginx would hold it all until the last chunk and the agent would see nothing.
        try Self.sendAll(fd, Self.chunks(2 << 20))
        var seen = 0
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            seen = try Self.receiving(fixture, agentId)
            if seen >= 1 << 20 { break }
            usleep(50_000)
        }
        #expect(seen >= 1 << 20, "the agent had \(seen) bytes of the upload before its end was sent")
        try Self.sendAll(fd, Self.chunks(4 << 20) + Array("0\r\n\r\n".utf8))
        let answer = try Self.readAll(fd)
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == #"{"bytes":\#(6 << 20)}"#)
        #expect(try Self.receiving(fixture, agentId) == 0)

        // A body with Content-Length larger than the API's limit passes too: the agents' server has its own.
        let sized = [UInt8](repeating: UInt8(ascii: "y"), count: 3 << 20)
        let posted = try fixture.server.client.sendRaw(
            Array((Self.head(fixture, agentId, "POST /echo") + "Content-Length: \(sized.count)\r\nConnection: close\r\n\r\n").utf8) + sized)
        #expect(posted.status == 200)
        #expect(String(decoding: posted.body, as: UTF8.self) == #"{"bytes":\#(3 << 20)}"#)
    }

    @Test func refusalsOnTheAgentsServerAreInTheEnvelope() throws {
        let fixture = try Fixture(extraArguments: ["--agent-max-body-bytes", String(Self.agentBodyLimit)])
        defer { fixture.server.stop() }
        let agentId = try fixture.create("refusing-bot")
        try fixture.wait(agentId, status: "DEPLOYED", processes: 1)
        func send(_ agent: String, _ request: String, _ rest: String = "") throws -> ReceivedResponse {
            try fixture.server.client.sendRaw(Array((Self.head(fixture, agent, request) + rest + "Connection: close\r\n\r\n").utf8))
        }

        // launchpad's refusals, which come back through auth_request as 401 or 500.
        let unknown = try send("agent-0000000000", "POST /echo", "Content-Length: 5\r\n")
        #expect(unknown.status == 404)
        #expect(unknown.envelopeProblems(code: "AGENT_NOT_FOUND") == [])
        // nginx's own: a body over the agents' limit, a malformed Content-Length, a header block too
        // large, one of nginx's internal locations asked for.
        let large = try send(agentId, "POST /echo", "Content-Length: \(Self.agentBodyLimit + 1)\r\n")
        #expect(large.status == 413)
        #expect(large.envelopeProblems(code: "PAYLOAD_TOO_LARGE") == [])
        #expect(String(decoding: large.body, as: UTF8.self).contains(String(Self.agentBodyLimit)))
        let malformed = try send(agentId, "POST /echo", "Content-Length: five\r\n")
        #expect(malformed.status == 400)
        #expect(malformed.envelopeProblems(code: "VALIDATION_ERROR") == [])
        let headers = try send(agentId, "GET /health", "X-Padding: \(String(repeating: "p", count: 20_000))\r\n")
        #expect(headers.status == 431)
        #expect(headers.envelopeProblems(code: "HEADERS_TOO_LARGE") == [])
        let hidden = try send(agentId, "GET /_launchpad/agent-check")
        #expect(hidden.status == 404)
        #expect(hidden.envelopeProblems(code: "NOT_FOUND") == [])
        // The agent's own answers, errors included, pass untouched.
        let missing = try send(agentId, "GET /nothing-here")
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == #"{"error":"not found"}"#)
        // No replica: 503 with Retry-After, a private agent without a key: 401.
        #expect(try fixture.request("POST", "/api/agents/\(agentId)/scale", #"{"replicas":0}"#).status == 202)
        try fixture.wait(agentId, status: "DEPLOYED", processes: 0)
        let none = try send(agentId, "GET /health")
        #expect(none.status == 503)
        #expect(none.envelopeProblems(code: "SERVICE_UNAVAILABLE") == [])
        #expect(none.header("Retry-After") == "5")
        #expect(try fixture.request("PUT", "/api/agents/\(agentId)", #"{"access":"private"}"#).status == 200)
        let anonymous = try send(agentId, "GET /health")
        #expect(anonymous.status == 401)
        #expect(anonymous.envelopeProblems(code: "INVALID_API_KEY") == [])
    }
}
