import LaunchpadHTTP
import Testing

struct RouterTests {
    private func makeRouter() -> Router {
        var router = Router()
        router.get("/api/agents") { _ in Response(status: 200, body: .bytes(Array("list".utf8))) }
        router.post("/api/agents") { _ in Response(status: 201) }
        router.get("/api/agents/{agentId}") { request in
            Response(status: 200, body: .bytes(Array("one:\(request.parameter("agentId"))".utf8)))
        }
        router.get("/api/agents/{agentId}/status") { request in
            Response(status: 200, body: .bytes(Array("status:\(request.parameter("agentId"))".utf8)))
        }
        router.get("/api/agents/special") { _ in Response(status: 200, body: .bytes(Array("literal".utf8))) }
        return router
    }

    private func dispatch(_ method: HTTPMethod, _ uri: String) throws -> Response {
        try makeRouter().dispatch(Request(method: method, uri: uri))
    }

    @Test func bindsPathParameters() throws {
        #expect(try dispatch(.get, "/api/agents/agent-1/status").bodyBytes == Array("status:agent-1".utf8))
        #expect(try dispatch(.get, "/api/agents/agent-2").bodyBytes == Array("one:agent-2".utf8))
    }

    @Test func literalSegmentsWinOverParameters() throws {
        #expect(try dispatch(.get, "/api/agents/special").bodyBytes == Array("literal".utf8))
    }

    @Test func decodesPercentEscapesInSegments() throws {
        #expect(try dispatch(.get, "/api/agents/a%20b").bodyBytes == Array("one:a b".utf8))
    }

    @Test func ignoresTheQueryWhenRouting() throws {
        #expect(try dispatch(.get, "/api/agents?limit=5").bodyBytes == Array("list".utf8))
    }

    @Test func unknownPathIsNotFound() {
        #expect(throws: HTTPError.notFound(path: "/api/nothing")) { try dispatch(.get, "/api/nothing") }
        #expect(throws: HTTPError.notFound(path: "/api/agents/x/y/z")) { try dispatch(.get, "/api/agents/x/y/z") }
    }

    @Test func wrongMethodIsMethodNotAllowedWithAllow() throws {
        do {
            _ = try dispatch(.delete, "/api/agents")
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.kind == .methodNotAllowed)
            #expect(error.status == 405)
            #expect(error.headers["Allow"] == "GET, HEAD, POST")
        }
    }

    @Test func headIsAnsweredByGet() throws {
        #expect(try dispatch(.head, "/api/agents").status == 200)
    }

    @Test func pathSegmentsAreDecodedWithEmptyOnesLeftOut() throws {
        let cases: [(uri: String, segments: [String])] = [
            ("/", []), ("", []), ("//api//agents/x/", ["api", "agents", "x"]), ("/%61pi/a%2Fb", ["api", "a/b"]),
            ("/a?x=/b", ["a"]), ("a/b", ["a", "b"]), ("/é/x", ["é", "x"]),
        ]
        for (uri, segments) in cases {
            #expect(try Request(method: .get, uri: uri).pathSegments() == segments, "\(uri)")
        }
    }

    @Test func brokenEscapeInPathIsValidationError() {
        #expect(throws: HTTPError.validation(field: "path", "segment '%zz' has a broken percent-escape")) {
            try dispatch(.get, "/api/agents/%zz")
        }
    }
}
