import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// The application mounts CORS only when origins are configured, and adds the security headers to
/// every answer either way.
struct ApplicationCORSTests {
    private func health(corsOrigins: [String]) throws -> Response {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        var configuration = Application.Configuration()
        configuration.corsOrigins = corsOrigins
        var headers = HTTPHeaders()
        headers.add("Origin", "https://app.example.com")
        return Application(services: services, configuration: configuration).responder
            .respond(to: Request(method: .get, uri: "/api/health", headers: headers, remoteAddress: "127.0.0.1"))
    }

    @Test func aConfiguredOriginGetsItsHeaders() throws {
        let response = try health(corsOrigins: ["https://app.example.com"])
        #expect(response.status == 200)
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(response.headers["Vary"] == "Origin")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func withoutConfiguredOriginsNoAnswerNamesOne() throws {
        let response = try health(corsOrigins: [])
        #expect(response.status == 200)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["X-Frame-Options"] == "DENY")
    }
}
