import Foundation
import Testing

@testable import LaunchpadAgentRuntime

/// Bodies read as they arrive (`POST /echo`): chunked or by Content-Length, pieces as they come,
/// and a clear refusal for a malformed or broken body.
@Suite struct RequestBodyStreamTests {
    /// The request read from `text` with `/echo` streamed, and its body read to the end.
    private func echo(_ text: String) -> (pieces: [[UInt8]], end: RequestBodyStream.Piece?) {
        let pair = SocketPair()
        pair.send(text, finish: true)
        SocketIO.setReceiveTimeout(pair.server, milliseconds: 200)
        guard case .request(let request) = HTTPRequestReader(descriptor: pair.server, streamedPaths: ["/echo"]).read(),
            var body = request.bodyStream
        else { return ([], nil) }
        var pieces: [[UInt8]] = []
        while true {
            let piece = body.next()
            guard case .data(let bytes) = piece else { return (pieces, piece) }
            pieces.append(bytes)
        }
    }

    @Test func readsAChunkedBodyWithExtensionsAndTrailers() {
        let read = echo("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\n")
        #expect(read.end == .end)
        #expect(read.pieces.map { String(decoding: $0, as: UTF8.self) } == ["hello", " ", "0123456789"])
    }

    @Test func readsAContentLengthBodyInPieces() {
        let body = String(repeating: "z", count: 100_000)
        let read = echo("POST /echo HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + body)
        #expect(read.end == .end)
        #expect(read.pieces.reduce(0) { $0 + $1.count } == 100_000)
        #expect(read.pieces.count > 1)
    }

    @Test func refusesMalformedAndBrokenBodies() {
        #expect(echo("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n").end == .failed(status: 400, message: "malformed chunk size"))
        #expect(echo("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n").end == .failed(status: 400, message: "chunk data not followed by CRLF"))
        #expect(echo("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort").end == .failed(status: 400, message: "body shorter than announced"))
    }

    @Test func otherPathsStillRefuseTransferEncoding() {
        let pair = SocketPair()
        pair.send("POST /message HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", finish: true)
        SocketIO.setReceiveTimeout(pair.server, milliseconds: 200)
        guard case .rejected(let response) = HTTPRequestReader(descriptor: pair.server, streamedPaths: ["/echo"]).read() else {
            Issue.record("expected a refusal")
            return
        }
        #expect(response.status == 501)
    }
}
