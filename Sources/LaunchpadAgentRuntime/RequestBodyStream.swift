/// A request body read as it arrives, in pieces, rather than whole before the handler runs: for
/// `POST /echo`, which counts an upload while it is still being sent. The body is framed by
/// `Content-Length` or by chunked transfer coding (what nginx sends when it streams a body on).
struct RequestBodyStream {
    enum Framing: Equatable {
        case length(Int)
        case chunked
    }

    /// What one `next()` gave.
    enum Piece: Equatable {
        case data([UInt8])
        /// The whole body has been read.
        case end
        /// The body broke off or is malformed; answer this and close.
        case failed(status: Int, message: String)
    }

    /// The most bytes of one chunk-size line or trailer line.
    static let maxLineBytes = 1024

    let descriptor: Int32
    let framing: Framing
    /// Bytes received but not yet consumed (those after the head, at first).
    private var buffer: [UInt8]
    /// Body bytes still to read: of the whole body (`length`), or of the current chunk.
    private var remaining: Int
    private var finished = false

    init(descriptor: Int32, framing: Framing, buffered: [UInt8]) {
        self.descriptor = descriptor
        self.framing = framing
        self.buffer = buffered
        if case .length(let length) = framing {
            remaining = length
        } else {
            remaining = 0
        }
    }

    /// The next piece of the body: what has arrived, at most 64 KiB.
    mutating func next() -> Piece {
        guard !finished else { return .end }
        if framing == .chunked, remaining == 0 {
            // A chunk's size line (after the CRLF that ends the previous chunk's data).
            guard case .line(let line) = readLine() else { return .failed(status: 400, message: "body ended inside a chunk size") }
            let size = line.prefix { $0 != UInt8(ascii: ";") }
            guard !size.isEmpty, size.count <= 15, let count = Int(String(decoding: size, as: UTF8.self), radix: 16) else {
                return .failed(status: 400, message: "malformed chunk size")
            }
            if count == 0 {
                // Trailer fields, then the empty line that ends the body.
                while true {
                    guard case .line(let trailer) = readLine() else { return .failed(status: 400, message: "body ended inside its trailer") }
                    if trailer.isEmpty { break }
                }
                finished = true
                return .end
            }
            remaining = count
        }
        guard remaining > 0 else {
            finished = true
            return .end
        }
        if buffer.isEmpty, let failure = receive() { return failure }
        let count = min(remaining, buffer.count, 64 << 10)
        let piece = Array(buffer.prefix(count))
        buffer.removeFirst(count)
        remaining -= count
        if framing == .chunked, remaining == 0 {
            // The CRLF after the chunk's data.
            guard case .line(let rest) = readLine(), rest.isEmpty else { return .failed(status: 400, message: "chunk data not followed by CRLF") }
        }
        return .data(piece)
    }

    private enum Line {
        case line([UInt8])
        case broken
    }

    /// One CRLF-terminated line, without its CRLF.
    private mutating func readLine() -> Line {
        while true {
            if let lineFeed = buffer.firstIndex(of: 0x0A) {
                guard lineFeed > 0, buffer[lineFeed - 1] == 0x0D else { return .broken }
                let line = Array(buffer[..<(lineFeed - 1)])
                buffer.removeFirst(lineFeed + 1)
                return .line(line)
            }
            guard buffer.count <= Self.maxLineBytes, receive() == nil else { return .broken }
        }
    }

    /// Appends what arrives next to `buffer`; the failure when nothing can.
    private mutating func receive() -> Piece? {
        switch SocketIO.receive(descriptor, into: &buffer) {
        case .data: return nil
        case .end: return .failed(status: 400, message: "body shorter than announced")
        case .timeout: return .failed(status: 408, message: "body not received in time")
        case .failed: return .failed(status: 400, message: "connection failed while reading the body")
        }
    }
}
