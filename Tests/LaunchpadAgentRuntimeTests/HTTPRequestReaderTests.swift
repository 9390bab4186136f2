import Foundation
import Testing

@testable import LaunchpadAgentRuntime

@Suite struct HTTPRequestReaderTests {
    /// Reads one request from `text` sent over a socket pair.
    private func read(_ text: String, finish: Bool = true, pair: SocketPair = SocketPair()) -> HTTPRequestReader.Outcome {
        pair.send(text, finish: finish)
        SocketIO.setReceiveTimeout(pair.server, milliseconds: 200)
        return HTTPRequestReader(descriptor: pair.server).read()
    }

    private func rejectionStatus(_ outcome: HTTPRequestReader.Outcome) -> Int? {
        if case .rejected(let response) = outcome { return response.status }
        return nil
    }

    @Test func readsARequestWithAContentLengthBody() throws {
        let outcome = read("POST /message?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length:  5 \r\nX-Thing: b\r\n\r\nhello")
        guard case .request(let request) = outcome else {
            Issue.record("expected a request, got \(outcome)")
            return
        }
        #expect(request.method == "POST")
        #expect(request.target == "/message?x=1")
        #expect(request.path == "/message")
        #expect(request.version == "HTTP/1.1")
        #expect(request.values(of: "content-length") == ["5"])
        #expect(request.values(of: "x-thing") == ["b"])
        #expect(request.body == Array("hello".utf8))
    }

    @Test func readsARequestWithoutABody() {
        guard case .request(let request) = read("GET /health HTTP/1.0\r\n\r\n", finish: false) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body.isEmpty)
    }

    @Test func answersGarbageWith400AtOnce() {
        // Not finished: the reader must refuse the line without waiting for the rest.
        #expect(rejectionStatus(read("hello there\r\n", finish: false)) == 400)
        #expect(rejectionStatus(read("GET /health\r\n\r\n")) == 400)
        #expect(rejectionStatus(read("GET health HTTP/1.1\r\n\r\n")) == 400)
        #expect(rejectionStatus(read("GET /health HTTP/1.1\n\n", finish: false)) == 400)
        #expect(rejectionStatus(read("\u{1}\u{2}\u{3}\r\n\r\n")) == 400)
    }

    @Test func refusesMalformedHeaderFields() {
        #expect(rejectionStatus(read("GET / HTTP/1.1\r\nNoColon\r\n\r\n")) == 400)
        #expect(rejectionStatus(read("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")) == 400)
        #expect(rejectionStatus(read("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n")) == 400)
    }

    @Test func refusesAnotherHTTPVersionWith505() {
        #expect(rejectionStatus(read("GET / HTTP/2.0\r\n\r\n")) == 505)
    }

    @Test func refusesBadContentLengths() {
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")) == 400)
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")) == 400)
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nContent-Length: \(HTTPRequestReader.maxBodyBytes + 1)\r\n\r\n")) == 413)
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n")) == 413)
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")) == 501)
    }

    @Test func acceptsABodyOfExactly64KiB() {
        let body = String(repeating: "a", count: 64 * 1024)
        guard case .request(let request) = read("POST / HTTP/1.1\r\nContent-Length: 65536\r\n\r\n" + body) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body.count == 64 * 1024)
    }

    @Test func refusesABodyShorterThanItsContentLength() {
        #expect(rejectionStatus(read("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")) == 400)
    }

    @Test func refusesHeadersOver16KiBWith431() {
        let long = String(repeating: "a", count: 17 * 1024)
        #expect(rejectionStatus(read("GET / HTTP/1.1\r\nX: \(long)\r\n\r\n")) == 431)
    }

    @Test func timesOutASilentRequestWith408() {
        #expect(rejectionStatus(read("GET / HTTP/1.1\r\n", finish: false)) == 408)
    }

    @Test func reportsAPeerThatSentNothingAsClosed() {
        guard case .closed = read("", finish: true) else {
            Issue.record("expected closed")
            return
        }
    }

    /// The reader runs on its own thread: the test pool's threads may all be busy with other
    /// tests that block, and a task could then start too late for the interim answer.
    @Test func sends100ContinueBeforeReadingTheBody() {
        let pair = SocketPair()
        SocketIO.setReceiveTimeout(pair.server, milliseconds: 5_000)
        pair.send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let result = ReadResult()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            result.value = HTTPRequestReader(descriptor: pair.server).read()
            done.signal()
        }
        // Like curl, send the body only once the interim answer came.
        let interim = pair.receiveOnce(timeoutMilliseconds: 5_000)
        pair.send("ok", finish: true)
        done.wait()
        guard case .request(let request)? = result.value else {
            Issue.record("expected a request")
            return
        }
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(request.body == Array("ok".utf8))
    }

    final class ReadResult: @unchecked Sendable {
        var value: HTTPRequestReader.Outcome?
    }
}
