internal import CFastCGI
import LaunchpadHTTP

/// Writes a response to the FastCGI stdout stream, flushing each write so that streams reach the client.
struct FastCGIResponseWriter: ResponseBodyWriter {
    let stream: UnsafeMutablePointer<FCGX_Stream>?

    /// The CGI header block: `Status`, the headers, and `Content-Length` for a byte body, built as
    /// bytes and handed to libfcgi in one piece. Flushed only before a stream: a byte body is sent
    /// with the end of the request by `FCGX_Finish_r`, in one write to nginx.
    func writeHead(_ response: Response, omitBody: Bool) throws {
        var head: [UInt8] = []
        head.reserveCapacity(256)
        head.append(contentsOf: "Status: ".utf8)
        head.append(contentsOf: String(response.status).utf8)
        head.append(UInt8(ascii: " "))
        head.append(contentsOf: StatusText.reason(response.status).utf8)
        head.append(contentsOf: Self.lineEnd)
        for (name, value) in response.headers {
            head.append(contentsOf: name.utf8)
            head.append(contentsOf: Self.separator)
            // Header values must not carry line breaks into the CGI header block. Nearly none has
            // one, so each value is checked first and copied whole rather than byte by byte.
            if value.utf8.contains(where: Self.isLineBreak) {
                for byte in value.utf8 where !Self.isLineBreak(byte) { head.append(byte) }
            } else {
                head.append(contentsOf: value.utf8)
            }
            head.append(contentsOf: Self.lineEnd)
        }
        if case .bytes(let bytes) = response.body {
            head.append(contentsOf: "Content-Length: ".utf8)
            head.append(contentsOf: String(bytes.count).utf8)
            head.append(contentsOf: Self.lineEnd)
        }
        head.append(contentsOf: Self.lineEnd)
        try put(head)
        if case .stream = response.body {
            try flush()
        }
    }

    /// A byte body, after its head; not flushed (see `writeHead`).
    func writeBody(_ bytes: [UInt8]) throws {
        try put(bytes)
    }

    /// A part of a stream, flushed so that it reaches the client now.
    func write(_ bytes: [UInt8]) throws {
        try put(bytes)
        try flush()
    }

    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private static let lineEnd: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
    private static let separator: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]

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

    struct ClientGone: Error {}
}
