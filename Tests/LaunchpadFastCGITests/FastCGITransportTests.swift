#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadFastCGI
import LaunchpadHTTP
import Logging
import Testing

/// The transport against a real libfcgi socket, driven by a FastCGI client as nginx would.
@Suite(.serialized) struct FastCGITransportTests {
    /// The two servers of the same `Responder`: every transport test runs on each.
    enum Transport: CaseIterable, Sendable {
        case eventLoop, threadPerConnection
    }

    final class Fixture: Sendable {
        let directory: String
        let server: any FastCGITransport
        var client: FastCGIClient { FastCGIClient(socketPath: server.configuration.socketPath) }

        /// What `/hold` streams and `/wait` requests wait for.
        let gate = Gate()
        /// The `/wait` requests that began, and those that saw their client leave.
        let waits = Waits()

        init(_ transport: Transport, threads: Int = 4, maxStreamThreads: Int = 1024, drainTimeout: Duration = .seconds(10)) throws {
            directory = NSTemporaryDirectory() + "launchpad-fcgi-" + UUID().uuidString.prefix(8)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var router = Router()
            router.get("/headers") { request in
                try .json(["apiKey": request.headers["X-API-Key"] ?? "", "remote": request.remoteAddress, "uri": request.uri])
            }
            router.post("/echo") { request in
                Response(status: 200, body: .bytes(request.body))
            }
            router.get("/split") { _ in
                var response = Response(status: 200, body: .bytes(Array("ok".utf8)))
                response.headers.add("X-Note", "first\r\nX-Injected: 1")
                return response
            }
            router.get("/slow") { _ in
                usleep(400_000)
                return Response(status: 200, body: .bytes(Array("done".utf8)))
            }
            router.get("/stream") { _ in
                Response(status: 200, body: .stream { writer in
                    for index in 0..<3 { try writer.write(Array("chunk\(index)\n".utf8)) }
                })
            }
            router.get("/hold") { [gate] _ in
                Response(status: 200, body: .stream { writer in
                    try writer.write(Array("open\n".utf8))
                    gate.wait()
                    try writer.write(Array("closed\n".utf8))
                })
            }
            router.post("/block") { [gate] _ in
                gate.wait()
                return Response(status: 201, body: .bytes(Array("written".utf8)))
            }
            router.get("/wait") { [gate, waits] request in
                request.connection?.beginLongAnswer()
                waits.began()
                while !gate.isOpen {
                    if request.connection?.isClosed ?? false {
                        waits.clientLeft()
                        break
                    }
                    usleep(10_000)
                }
                return Response(status: 200, body: .bytes(Array("waited".utf8)))
            }
            let responder = Responder(router: router, middleware: [RequestValidationMiddleware(limit: 1024)])
            let configuration = FastCGIServer.Configuration(
                socketPath: directory + "/test.sock", threads: threads, maxBodySize: 1024, drainTimeout: drainTimeout, maxStreamThreads: maxStreamThreads)
            switch transport {
            case .eventLoop: server = EventLoopServer(configuration: configuration, responder: responder, logger: Logger(label: "test"))
            case .threadPerConnection: server = FastCGIServer(configuration: configuration, responder: responder, logger: Logger(label: "test"))
            }
            try server.start()
        }

        deinit {
            gate.open()
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static func params(_ method: String, _ uri: String, _ extra: [(String, String)] = []) -> [(String, String)] {
        [("REQUEST_METHOD", method), ("REQUEST_URI", uri), ("REMOTE_ADDR", "10.1.2.3")] + extra
    }

    @Test(arguments: Transport.allCases) func mapsParametersToHeaders(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let reply = try fixture.client.send(params: Self.params("GET", "/headers?x=1", [("HTTP_X_API_KEY", "alk_secret")]))
        #expect(reply.status == 200)
        let body = try JSONDecoder().decode([String: String].self, from: Data(reply.body))
        #expect(body == ["apiKey": "alk_secret", "remote": "10.1.2.3", "uri": "/headers?x=1"])
        #expect(reply.header("X-Request-Id")?.hasPrefix("req-") == true)
        #expect(reply.header("Content-Length") == String(reply.body.count))
    }

    @Test(arguments: Transport.allCases) func lineBreaksInAHeaderValueAreDropped(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let reply = try fixture.client.send(params: Self.params("GET", "/split"))
        #expect(reply.status == 200)
        #expect(reply.header("X-Note") == "firstX-Injected: 1")
        #expect(reply.header("X-Injected") == nil)
    }

    @Test(arguments: Transport.allCases) func readsTheBodyByContentLength(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let body = Array(#"{"name":"x"}"#.utf8)
        let reply = try fixture.client.send(
            params: Self.params("POST", "/echo", [("CONTENT_TYPE", "application/json"), ("CONTENT_LENGTH", String(body.count))]), stdin: body)
        #expect(reply.status == 200)
        #expect(reply.body == body)
    }

    @Test(arguments: Transport.allCases) func refusesABodyShorterThanDeclared(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let reply = try fixture.client.send(
            params: Self.params("POST", "/echo", [("CONTENT_TYPE", "application/json"), ("CONTENT_LENGTH", "100")]), stdin: Array("{}".utf8))
        #expect(reply.status == 400)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("Content-Length"))
    }

    @Test(arguments: Transport.allCases) func refusesADeclaredLengthOverTheLimitWithoutReadingIt(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        for declared in ["5000", "99999999999999999999999", "-5"] {
            let reply = try fixture.client.send(
                params: Self.params("POST", "/echo", [("CONTENT_TYPE", "application/json"), ("CONTENT_LENGTH", declared)]), stdin: Array("{}".utf8))
            #expect(reply.status == 413, "Content-Length \(declared)")
        }
    }

    @Test(arguments: Transport.allCases) func streamsEveryChunk(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let reply = try fixture.client.send(params: Self.params("GET", "/stream"))
        #expect(reply.status == 200)
        #expect(String(decoding: reply.body, as: UTF8.self) == "chunk0\nchunk1\nchunk2\n")
        #expect(reply.header("Content-Length") == nil)
    }

    @Test(arguments: Transport.allCases) func headOmitsTheBody(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let reply = try fixture.client.send(params: Self.params("HEAD", "/headers"))
        #expect(reply.status == 200)
        #expect(reply.body.isEmpty)
        #expect(Int(reply.header("Content-Length") ?? "") ?? 0 > 0)
    }

    @Test(arguments: Transport.allCases) func servesConcurrentRequestsOnEveryThread(_ transport: Transport) throws {
        let fixture = try Fixture(transport, threads: 4)
        let start = Date()
        let failures = Failures()
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                let reply = try? fixture.client.send(params: Self.params("GET", "/slow"))
                if reply?.status != 200 { failures.add() }
                group.leave()
            }
        }
        group.wait()
        #expect(failures.count == 0)
        // Four 400 ms requests on four threads overlap; one thread would need 1.6 s.
        #expect(Date().timeIntervalSince(start) < 0.8)
    }

    @Test(arguments: Transport.allCases) func stopFinishesTheRequestInFlight(_ transport: Transport) throws {
        let fixture = try Fixture(transport)
        let result = Failures()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let reply = try? fixture.client.send(params: Self.params("GET", "/slow"))
            if reply?.status != 200 || reply?.body != Array("done".utf8) { result.add() }
            finished.signal()
        }
        // Wait until the slow request is being served, then stop.
        let deadline = Date().addingTimeInterval(5)
        while fixture.server.inFlight == 0 && Date() < deadline { usleep(5_000) }
        #expect(fixture.server.inFlight == 1)
        fixture.server.stop()
        #expect(fixture.server.inFlight == 0, "stop returns only after the request finished")
        finished.wait()
        #expect(result.count == 0, "the in-flight request got its whole answer")
        #expect(!FileManager.default.fileExists(atPath: fixture.server.configuration.socketPath))
        #expect(throws: FastCGIClient.ClientError.self) { try fixture.client.send(params: Self.params("GET", "/headers")) }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.lock(); value += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return value }
    }
}

struct HeaderNameTests {
    /// nginx forwards launchpad's reason phrase for statuses it has none of its own for (501 came
    /// back as "501 Status 501"). The dialects' own statuses are checked with their codes.
    @Test func everyHTTPErrorStatusHasItsReasonPhrase() {
        for kind in HTTPError.Kind.allCases {
            #expect(!StatusText.reason(kind.status).hasPrefix("Status "), "\(kind): \(kind.status)")
        }
    }

    @Test func cgiNamesBecomeHeaderNames() {
        #expect(FastCGIParameters.headerName("X_API_KEY") == "X-Api-Key")
        #expect(FastCGIParameters.headerName("CONTENT_TYPE") == "Content-Type")
        #expect(FastCGIParameters.headerName("AUTHORIZATION") == "Authorization")
        #expect(FastCGIParameters.headerName("LAST_EVENT_ID") == "Last-Event-Id")
        var headers = HTTPHeaders()
        headers.add("X-Api-Key", "k")
        #expect(headers["X-API-Key"] == "k")
        #expect(headers["x-api-key"] == "k")
    }
}

extension HeaderNameTests {
    /// nginx refuses TRACE itself with 405 and passes it on to its error location as a GET.
    @Test func nginxsRefusedTraceIsRoutedAsTheTraceItWas() {
        let request = FastCGIParameters([
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/api/health"), ("LAUNCHPAD_PROXY_STATUS", "405"),
        ]).request()
        #expect(request.method == .trace)
        #expect(request.proxyRejectedStatus == nil)
        #expect(FastCGIParameters([("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/x"), ("LAUNCHPAD_PROXY_STATUS", "413")]).request().proxyRejectedStatus == 413)
    }

    @Test(arguments: FastCGITransportTests.Transport.allCases) func apiKeyParameterIsReadableAsXAPIKey(_ transport: FastCGITransportTests.Transport) throws {
        let fixture = try FastCGITransportTests.Fixture(transport)
        let reply = try fixture.client.send(params: FastCGITransportTests.params("GET", "/headers", [("HTTP_X_API_KEY", "k1")]))
        #expect(String(decoding: reply.body, as: UTF8.self).contains(#""apiKey":"k1""#))
    }
}
