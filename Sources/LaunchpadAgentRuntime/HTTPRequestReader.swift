/// Reads one HTTP/1.1 request from a connected socket: the request line, header fields, and a body
/// of `Content-Length` bytes; or, for `streamedPaths`, a body the handler reads as it arrives
/// (`RequestBodyStream`, `Content-Length` or chunked).
///
/// It is strict where being lenient would make requests ambiguous: lines end with CRLF, a field name
/// is a token with no space before its colon, folded lines are refused, and so is
/// `Transfer-Encoding` except on a streamed path (only those need chunked bodies). The request line
/// is checked as soon as it arrives, so garbage is answered at once rather than after the header
/// limit or the timeout.
struct HTTPRequestReader {
    /// What reading gave.
    enum Outcome: Sendable {
        case request(HTTPRequest)
        /// The request is refused; send this and close.
        case rejected(HTTPResponse)
        /// The peer closed, or timed out, before sending anything; send nothing.
        case closed
    }

    /// The most bytes of request line and header fields.
    static let maxHeadBytes = 16 * 1024
    /// The largest body.
    static let maxBodyBytes = 4 << 20
    /// The largest streamed body announced by `Content-Length` (a chunked one is not bounded here).
    static let maxStreamedBodyBytes = 1 << 30

    let descriptor: Int32
    /// Paths whose bodies are left to the handler to read as they arrive.
    var streamedPaths: Set<String> = []

    func read() -> Outcome {
        var buffer: [UInt8] = []
        var scanned = 0
        var requestLineChecked = false
        var headLength = 0
        while headLength == 0 {
            if !requestLineChecked, let lineFeed = buffer.firstIndex(of: 0x0A) {
                requestLineChecked = true
                guard lineFeed > 0, buffer[lineFeed - 1] == 0x0D else {
                    return .rejected(.error(400, "lines must end with CRLF"))
                }
                do {
                    _ = try Self.parseRequestLine(buffer[..<(lineFeed - 1)])
                } catch {
                    return .rejected(error.response)
                }
            }
            if let end = Self.find(Self.crlfCRLF, in: buffer, from: max(0, scanned - 3)) {
                headLength = end + 4
                break
            }
            scanned = buffer.count
            if buffer.count > Self.maxHeadBytes {
                return .rejected(HTTPRejection(431, "request line and headers exceed \(Self.maxHeadBytes) bytes").response)
            }
            switch SocketIO.receive(descriptor, into: &buffer) {
            case .data: continue
            case .end: return buffer.isEmpty ? .closed : .rejected(.error(400, "incomplete request"))
            case .timeout: return buffer.isEmpty ? .closed : .rejected(.error(408, "request not received in time"))
            case .failed: return .closed
            }
        }
        if headLength > Self.maxHeadBytes + 4 {
            return .rejected(HTTPRejection(431, "request line and headers exceed \(Self.maxHeadBytes) bytes").response)
        }

        var request: HTTPRequest
        let length: Int
        let framing: RequestBodyStream.Framing?
        do {
            request = try Self.parseHead(buffer[..<(headLength - 4)])
            framing = streamedPaths.contains(request.path) ? try Self.streamedFraming(of: request) : nil
            length = framing == nil ? try Self.bodyLength(of: request) : 0
        } catch {
            return .rejected(error.response)
        }
        let expectsContinue = request.values(of: "expect").contains(where: { $0.lowercased() == "100-continue" })
        if let framing {
            if expectsContinue, framing != .length(0) {
                SocketIO.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            request.bodyStream = RequestBodyStream(descriptor: descriptor, framing: framing, buffered: Array(buffer[headLength...]))
            return .request(request)
        }
        var body = Array(buffer[headLength...].prefix(length))
        if body.count < length, expectsContinue {
            SocketIO.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        while body.count < length {
            switch SocketIO.receive(descriptor, into: &body) {
            case .data: continue
            case .end: return .rejected(.error(400, "body shorter than Content-Length"))
            case .timeout: return .rejected(.error(408, "body not received in time"))
            case .failed: return .closed
            }
        }
        // Connection: close, so bytes past the body (a pipelined request) are dropped.
        request.body = Array(body.prefix(length))
        return .request(request)
    }

    /// Parses the request line and header fields (`head` excludes the final empty line).
    static func parseHead(_ head: ArraySlice<UInt8>) throws(HTTPRejection) -> HTTPRequest {
        var lines = split(head)
        let (method, target, version) = try parseRequestLine(lines.removeFirst())
        var headers: [(name: String, value: String)] = []
        for line in lines {
            headers.append(try parseField(line))
        }
        return HTTPRequest(method: method, target: target, version: version, headers: headers, body: [])
    }

    /// `METHOD SP request-target SP HTTP-version`, with an origin-form target.
    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPRejection) -> (String, String, String) {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw HTTPRejection(400, "malformed request line")
        }
        let method = parts[0]
        let target = parts[1]
        let version = parts[2]
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else {
            throw HTTPRejection(400, "malformed method")
        }
        guard target.first == UInt8(ascii: "/"), target.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw HTTPRejection(400, "malformed request target")
        }
        let versionText = String(decoding: version, as: UTF8.self)
        guard version.count == 8, versionText.hasPrefix("HTTP/"),
            version.dropFirst(5).enumerated().allSatisfy({ $0.offset == 1 ? $0.element == UInt8(ascii: ".") : isDigit($0.element) })
        else {
            throw HTTPRejection(400, "malformed HTTP version")
        }
        guard versionText == "HTTP/1.1" || versionText == "HTTP/1.0" else {
            throw HTTPRejection(505, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), versionText)
    }

    /// `name: value`; the name lowercased, the value without surrounding blanks.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPRejection) -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPRejection(400, "malformed header field")
        }
        let name = line[..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
            // Also catches obsolete line folding (a line starting with a blank).
            throw HTTPRejection(400, "malformed header field name")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value.removeFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw HTTPRejection(400, "malformed header field value")
        }
        return (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: value, as: UTF8.self))
    }

    /// How a streamed path's body is framed: `Transfer-Encoding: chunked` (and no `Content-Length`),
    /// or `Content-Length` (0 without one).
    static func streamedFraming(of request: HTTPRequest) throws(HTTPRejection) -> RequestBodyStream.Framing {
        let codings = request.values(of: "transfer-encoding")
        guard !codings.isEmpty else { return .length(try bodyLength(of: request, limit: maxStreamedBodyBytes)) }
        guard codings.count == 1, codings[0].lowercased() == "chunked" else {
            throw HTTPRejection(501, "only Transfer-Encoding: chunked is supported")
        }
        guard request.values(of: "content-length").isEmpty else {
            throw HTTPRejection(400, "Content-Length and Transfer-Encoding together")
        }
        return .chunked
    }

    /// The body's length from `Content-Length` (0 without one), at most `limit`.
    static func bodyLength(of request: HTTPRequest, limit: Int = maxBodyBytes) throws(HTTPRejection) -> Int {
        guard request.values(of: "transfer-encoding").isEmpty else {
            throw HTTPRejection(501, "Transfer-Encoding is not supported; send Content-Length")
        }
        let values = request.values(of: "content-length")
        guard let first = values.first else { return 0 }
        guard values.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.allSatisfy(isDigit) else {
            throw HTTPRejection(400, "malformed Content-Length")
        }
        guard first.utf8.count <= 12, let length = Int(first), length <= limit else {
            throw HTTPRejection(413, "body exceeds \(limit) bytes")
        }
        return length
    }

    private static let crlfCRLF: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]

    /// The index where `pattern` first occurs in `buffer` at or after `start`.
    private static func find(_ pattern: [UInt8], in buffer: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count, start <= buffer.count - pattern.count else { return nil }
        for index in start...(buffer.count - pattern.count) where buffer[index] == pattern[0] {
            if buffer[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
        }
        return nil
    }

    /// `head` cut at each CRLF.
    private static func split(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == 0x0D, index + 1 < head.endIndex, head[index + 1] == 0x0A {
                lines.append(head[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        lines.append(head[start..<head.endIndex])
        return lines
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
