import Foundation
import Testing
import LaunchpadTestSupport

/// Hostile and broken requests through a real nginx: each gets the envelope with the right status,
/// and launchpad keeps serving afterwards.
@Suite(.serialized) struct BadInputTests {
    struct Case: CustomStringConvertible {
        let description: String
        let raw: [UInt8]
        let status: Int
        let code: String
    }

    /// The cases, sent with a valid key so that they reach the checks they are about.
    static func cases(key: String) -> [Case] {
        func request(_ head: String, body: [UInt8] = []) -> [UInt8] {
            let withKey = head.replacingOccurrences(of: "Host: x\r\n", with: "Host: x\r\nX-API-Key: \(key)\r\n")
            return Array(withKey.utf8) + body
        }
        let longPath = "/api/" + String(repeating: "a", count: 20_000)
        let bigHeader = String(repeating: "b", count: 20_000)
        return [
            Case(description: "unknown route", raw: request("GET /api/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 404, code: "NOT_FOUND"),
            Case(description: "wrong method", raw: request("PUT /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 405, code: "METHOD_NOT_ALLOWED"),
            Case(description: "unknown method", raw: request("BREW /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 405, code: "METHOD_NOT_ALLOWED"),
            Case(description: "malformed JSON", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n", body: Array("{\"a\":".utf8)), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "body without Content-Type", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"),
            Case(description: "invalid UTF-8", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n", body: [0x22, 0xc3, 0x28, 0x22]), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "oversized body", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n", body: [UInt8](repeating: 0x20, count: 2_000_000)), status: 413, code: "PAYLOAD_TOO_LARGE"),
            Case(description: "absurd Content-Length", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n{}"), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "broken escape in the query", raw: request("GET /api/health?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "broken escape in the path", raw: request("GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "very long path", raw: request("GET \(longPath) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 414, code: "URI_TOO_LONG"),
            Case(description: "very long header", raw: request("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: \(bigHeader)\r\nConnection: close\r\n\r\n"), status: 431, code: "HEADERS_TOO_LARGE"),
            Case(description: "garbage request line", raw: request("GARBAGE\r\n\r\n"), status: 400, code: "VALIDATION_ERROR"),
            Case(description: "nginx's internal location", raw: request("GET /_launchpad/proxy-error/400 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 404, code: "NOT_FOUND"),
            Case(description: "unknown Transfer-Encoding", raw: request("POST /api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n"), status: 501, code: "NOT_IMPLEMENTED"),
            Case(description: "HTTP/2.0 in the request line", raw: request("GET /api/health HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n"), status: 505, code: "HTTP_VERSION_NOT_SUPPORTED"),
        ]
    }

    @Test func everyBadRequestGetsTheEnvelope() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        for badCase in Self.cases(key: server.adminKey) {
            let response: ReceivedResponse
            do {
                response = try server.client.sendRaw(badCase.raw)
            } catch {
                Issue.record("\(badCase): \(error)")
                continue
            }
            #expect(response.status == badCase.status, "\(badCase): status \(response.status) \(String(decoding: response.body, as: UTF8.self).prefix(300))")
            #expect(response.envelopeProblems(code: badCase.code).isEmpty, "\(badCase): \(response.envelopeProblems(code: badCase.code))")
        }
        #expect(try server.client.send(method: "GET", path: "/api/health").status == 200, "launchpad still serves")
        #expect(server.process.isRunning)
    }
}

extension BadInputTests {
    /// nginx waits `client_body_timeout` (10 s) for the missing bytes and then closes the connection
    /// without an answer (its 408 is never sent); launchpad never sees the request. The transport's own
    /// check of a short body is in FastCGITransportTests.
    @Test func contentLengthLargerThanTheBodyIsDroppedByNginx() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        let raw = Array("POST /api/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}".utf8)
        #expect(throws: RawHTTPClient.ClientError.self) { try server.client.sendRaw(raw, timeoutSeconds: 15) }
        #expect(try server.client.send(method: "GET", path: "/api/health").status == 200)
    }
}

extension BadInputTests {
    /// While launchpad is unreachable, nginx's refusals cannot be answered by it: each becomes
    /// nginx's own 503 in the envelope (recursive_error_pages), not its HTML 502. nginx runs here
    /// alone, on the configuration a stopped `launchpad up` rendered.
    @Test func everyBadRequestGetsTheEnvelopeWhileLaunchpadIsAway() throws {
        let server = try LaunchpadProcess()
        let key = server.adminKey
        #expect(server.stop() == 0)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-p", server.dataDirectory + "/nginx", "-c", server.dataDirectory + "/nginx/nginx.conf"]
        nginx.environment = ["TZ": "UTC"]
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        defer {
            nginx.terminate()
            nginx.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(5)
        while (try? server.client.send(method: "GET", path: "/api/health"))?.status != 503 && Date() < deadline { usleep(20_000) }
        for badCase in Self.cases(key: key) {
            let response = try server.client.sendRaw(badCase.raw)
            #expect(response.status == 503, "\(badCase): status \(response.status) \(String(decoding: response.body, as: UTF8.self).prefix(200))")
            #expect(response.envelopeProblems(code: "SERVICE_UNAVAILABLE").isEmpty, "\(badCase): \(response.envelopeProblems(code: "SERVICE_UNAVAILABLE"))")
        }
    }

    /// nginx's own failure (500). No request makes this configuration fail, so the test renders the
    /// built-in template with one more location that answers 500, through `--nginx-templates`: it is
    /// the template's `error_page 500` that is checked.
    @Test func nginxsOwnFailureGetsTheEnvelope() throws {
        let templates = try TemporaryDirectory()
        let anchor = "        # The bench's yardstick"
        let template = try String(contentsOfFile: RepositoryPaths.nginxTemplates + "/launchpad-dev.conf.template", encoding: .utf8)
        try #require(template.contains(anchor))
        try template.replacingOccurrences(of: anchor, with: "        location = /_test/fail { return 500; }\n\n" + anchor)
            .write(toFile: templates.appending("launchpad-dev.conf.template"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: RepositoryPaths.nginxTemplates + "/fastcgi.params", toPath: templates.appending("fastcgi.params"))
        let server = try LaunchpadProcess(extraArguments: LaunchpadProcess.generousLimits + ["--nginx-templates", templates.path])
        defer { server.stop() }
        let response = try server.client.send(method: "GET", path: "/_test/fail")
        #expect(response.status == 500)
        #expect(response.envelopeProblems(code: "INTERNAL_ERROR").isEmpty, "\(response.envelopeProblems(code: "INTERNAL_ERROR"))")
    }
}
