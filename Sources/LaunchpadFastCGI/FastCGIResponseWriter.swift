internal import CFastCGI
import LaunchpadHTTP

/// Writes a response to the FastCGI stdout stream, flushing each write so that streams reach the client.
struct FastCGIResponseWriter: ResponseBodyWriter {
    let stream: UnsafeMutablePointer<FCGX_Stream>?

    /// The CGI header block: `Status`, the headers, and `Content-Length` for a byte body.
    func writeHead(_ response: Response, omitBody: Bool) throws {
        var head = "Status: \(response.status) \(StatusText.reason(response.status))\r\n"
        for (name, value) in response.headers {
            head += "\(name): \(Self.clean(value))\r\n"
        }
        if case .bytes(let bytes) = response.body {
            head += "Content-Length: \(bytes.count)\r\n"
        }
        head += "\r\n"
        try put(Array(head.utf8))
        if case .stream = response.body {
            try flush()
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try put(bytes)
        try flush()
    }

    private func put(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                FCGX_PutStr($0, Int32(buffer.count), stream)
            }
        }
        guard written == bytes.count else { throw ClientGone() }
    }

    private func flush() throws {
        guard FCGX_FFlush(stream) == 0 else { throw ClientGone() }
    }

    /// Header values must not carry line breaks into the CGI header block.
    private static func clean(_ value: String) -> String {
        value.contains(where: { $0 == "\r" || $0 == "\n" }) ? value.filter { $0 != "\r" && $0 != "\n" } : value
    }

    struct ClientGone: Error {}
}
