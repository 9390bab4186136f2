internal import CFastCGI
import LaunchpadHTTP

/// The client went away while its answer was being written.
struct ClientGone: Error {}

/// Where a response's stdout bytes go: libfcgi's stream, or the event loop's records.
protocol FastCGIOutput {
    /// Takes bytes to send; throws when the client has gone.
    func put(_ bytes: UnsafeRawBufferPointer) throws
    /// Sends what was put so far.
    func flush() throws
}

/// libfcgi's stdout stream of a request.
struct LibFCGIOutput: FastCGIOutput {
    let stream: UnsafeMutablePointer<FCGX_Stream>?

    func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let written = FCGX_PutStr(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), stream)
        guard written == bytes.count else { throw ClientGone() }
    }

    func flush() throws {
        guard FCGX_FFlush(stream) == 0 else { throw ClientGone() }
    }
}

/// Writes a response to the FastCGI stdout stream, flushing each write so that streams reach the client.
struct FastCGIResponseWriter<Output: FastCGIOutput>: ResponseBodyWriter {
    let output: Output

    /// The CGI header block: `Status`, the headers, and `Content-Length` for a byte body, built as
    /// bytes and handed to libfcgi in one piece. Flushed only before a stream: a byte body is sent
    /// with the end of the request by `FCGX_Finish_r`, in one write to nginx. The block is measured
    /// first and built in a temporary buffer of that size (on the stack when it is small, as it
    /// nearly always is): no array grown as it goes.
    func writeHead(_ response: Response, omitBody: Bool) throws {
        let status = String(response.status)
        let reason = StatusText.reason(response.status)
        var contentLength: String?
        if case .bytes(let bytes) = response.body { contentLength = String(bytes.count) }
        var size = "Status: ".utf8.count + status.utf8.count + 1 + reason.utf8.count + 2 + 2
        for (name, value) in response.headers { size += name.utf8.count + 2 + value.utf8.count + 2 }
        if let contentLength { size += "Content-Length: ".utf8.count + contentLength.utf8.count + 2 }
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
            var head = HeadBuilder(buffer: buffer)
            head.append("Status: ")
            head.append(status)
            head.append(UInt8(ascii: " "))
            head.append(reason)
            head.appendLineEnd()
            for (name, value) in response.headers {
                head.append(name)
                head.append(": ")
                // Header values must not carry line breaks into the CGI header block. Nearly none
                // has one, so each value is checked first and copied whole rather than byte by byte.
                if value.utf8.contains(where: Self.isLineBreak) {
                    for byte in value.utf8 where !Self.isLineBreak(byte) { head.append(byte) }
                } else {
                    head.append(value)
                }
                head.appendLineEnd()
            }
            if let contentLength {
                head.append("Content-Length: ")
                head.append(contentLength)
                head.appendLineEnd()
            }
            head.appendLineEnd()
            try put(UnsafeRawBufferPointer(start: buffer.baseAddress, count: head.count))
        }
        if case .stream = response.body {
            try flush()
        }
    }

    /// A byte body, after its head; not flushed (see `writeHead`).
    func writeBody(_ bytes: [UInt8]) throws {
        try put(bytes)
    }

    /// The whole of `response` to a request of `method`: its head, then its bytes (none for HEAD)
    /// or its stream, produced into this writer. Both servers answer through this.
    func write(_ response: Response, to method: HTTPMethod) throws {
        try writeHead(response, omitBody: method == .head)
        switch response.body {
        case .bytes(let bytes):
            if method != .head { try writeBody(bytes) }
        case .stream(let produce):
            try produce(self)
        }
    }

    /// A part of a stream, flushed so that it reaches the client now.
    func write(_ bytes: [UInt8]) throws {
        try put(bytes)
        try flush()
    }

    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private func put(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try output.put($0) }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        try output.put(bytes)
    }

    private func flush() throws {
        try output.flush()
    }

    /// Appends bytes to a buffer measured beforehand to hold them all.
    private struct HeadBuilder {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func append(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }

        mutating func append(_ text: String) {
            let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
                guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                precondition(count + bytes.count <= buffer.count, "the CGI head outgrew its measure")
                (buffer.baseAddress! + count).update(from: source, count: bytes.count)
                count += bytes.count
            }
            if copied == nil {
                for byte in text.utf8 { append(byte) }
            }
        }

        mutating func appendLineEnd() {
            append(UInt8(ascii: "\r"))
            append(UInt8(ascii: "\n"))
        }
    }
}
