#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A streamed GET over plain HTTP/1.1 on a socket of its own, read as the bytes come: for
/// `launchpad logs -f`. (URLSession on Linux polls without pause while a stream is idle, a core's
/// worth of CPU for a log that says nothing; a blocking read costs nothing.)
struct PlainHTTPStream {
    let url: URL
    let headers: [String: String]
    /// Seconds without a byte before the connection counts as dropped (the server sends a keep-alive every second).
    let idleTimeout: TimeInterval

    /// Connects, sends the request, and hands each line of a successful answer's body (without its
    /// ending) to `line` until the server closes it or `line` returns false. An error answer is
    /// thrown as `APIClientError`; a failed or silent connection as CONNECTION_ERROR.
    func read(line: (String) -> Bool) throws {
        let socket = try connect()
        defer { close(socket) }
        try send(socket)
        var buffer = Data()
        var head: (status: Int, headers: [String: String])?
        var body = BodyDecoder()
        var text = LineSplitter()
        var errorBody = Data()
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0 {
                if errno == EINTR { continue }
                throw unreachable(errno == EAGAIN || errno == EWOULDBLOCK ? "no byte for \(Int(idleTimeout)) s" : String(cString: strerror(errno)))
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            if head == nil {
                guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else { continue }
                head = try Self.parseHead(buffer[buffer.startIndex..<end.lowerBound])
                body = BodyDecoder(headers: head!.headers)
                buffer = Data(buffer[end.upperBound...])
            }
            let decoded = try body.feed(buffer)
            buffer.removeAll()
            if head!.status >= 400 {
                errorBody.append(decoded)
            } else {
                for each in text.feed(decoded) where !line(each) { return }
            }
            if body.finished { break }
        }
        guard let head else { throw unreachable("the connection closed before an answer") }
        if head.status >= 400 {
            throw APIClientError(answer: APIClient.Answer(status: head.status, headers: head.headers, body: errorBody))
        }
    }

    private func connect() throws -> Int32 {
        guard let host = url.host else { throw APIClientError(code: "BAD_URL", message: "no host in \(url)") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let port = String(url.port ?? 80)
        guard getaddrinfo(host, port, &hints, &found) == 0, let first = found else { throw unreachable("cannot resolve \(host)") }
        defer { freeaddrinfo(first) }
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socket >= 0 {
                if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    var timeout = timeval(tv_sec: Int(idleTimeout), tv_usec: 0)
                    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    return socket
                }
                reason = String(cString: strerror(errno))
                close(socket)
            }
            candidate = address.pointee.ai_next
        }
        throw unreachable(reason)
    }

    private func send(_ socket: Int32) throws {
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        var request = "GET \(target) HTTP/1.1\r\nHost: \(url.host!)\(url.port.map { ":\($0)" } ?? "")\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreachable(String(cString: strerror(errno)))
            }
            sent += count
        }
    }

    private func unreachable(_ reason: String) -> APIClientError {
        APIClientError(code: "CONNECTION_ERROR", message: "\(url.absoluteString): \(reason)")
    }

    private static func parseHead(_ bytes: Data) throws -> (status: Int, headers: [String: String]) {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw APIClientError(code: "BAD_ANSWER", message: "not an HTTP answer: \(lines.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }
}

/// An HTTP/1.1 body as it arrives: chunked, of a Content-Length, or until the connection closes.
struct BodyDecoder {
    private enum State { case size, data(Int), dataEnd, trailer, done }
    private let chunked: Bool
    private var remaining: Int?
    private var state = State.size
    private var pending = Data()

    init(headers: [String: String] = [:]) {
        chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") == true
        remaining = chunked ? nil : headers["content-length"].flatMap { Int($0) }
    }

    var finished: Bool {
        if chunked, case .done = state { return true }
        return remaining == 0
    }

    mutating func feed(_ bytes: Data) throws -> Data {
        guard chunked else {
            guard let left = remaining else { return bytes }
            let taken = bytes.prefix(left)
            remaining = left - taken.count
            return Data(taken)
        }
        pending.append(bytes)
        var output = Data()
        while true {
            switch state {
            case .size, .dataEnd, .trailer:
                guard let end = pending.range(of: Data("\r\n".utf8)) else { return output }
                let line = String(decoding: pending[pending.startIndex..<end.lowerBound], as: UTF8.self)
                pending = Data(pending[end.upperBound...])
                if case .size = state {
                    guard let size = Int(line.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                        throw APIClientError(code: "BAD_ANSWER", message: "a chunk size that is not one: \(line.prefix(40))")
                    }
                    state = size == 0 ? .trailer : .data(size)
                } else if case .trailer = state {
                    if line.isEmpty { state = .done }
                } else {
                    state = .size
                }
            case .data(let size):
                guard !pending.isEmpty else { return output }
                let taken = pending.prefix(size)
                output.append(taken)
                pending = Data(pending.dropFirst(taken.count))
                state = taken.count == size ? .dataEnd : .data(size - taken.count)
            case .done:
                return output
            }
        }
    }
}

/// Bytes to lines: LF or CRLF endings, a partial line kept for the next bytes.
struct LineSplitter {
    private var pending = Data()

    mutating func feed(_ bytes: Data) -> [String] {
        pending.append(bytes)
        var lines: [String] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[pending.startIndex..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            pending = Data(pending[pending.index(after: newline)...])
        }
        return lines
    }
}
