import LaunchpadTLS

/// HTTP/1.1 over one TLS connection: writes a request, reads an answer's head, then its body
/// whole (Content-Length, chunked, or to the end) or piece by piece (a watch, a followed log).
final class HTTPConnection {
    struct Head {
        var status: Int
        /// Lowercased names.
        var headers: [String: String]
    }

    let tls: TLSConnection
    private var buffer: [UInt8] = []
    private var start = 0
    /// What is left of the body being read: a length, chunks, or everything until the end.
    private var remaining: Int?
    private var chunked = false
    private var finished = false

    init(tls: TLSConnection) {
        self.tls = tls
    }

    func send(method: String, target: String, host: String, headers: [(String, String)], body: [UInt8]?) throws(KubernetesError) {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if let body { bytes += body }
        do {
            try tls.write(bytes)
        } catch {
            throw KubernetesError(status: 0, message: error.message)
        }
    }

    func readHead() throws(KubernetesError) -> Head {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw KubernetesError(status: 0, message: "not an HTTP answer: \(statusLine.prefix(80))")
        }
        var headers: [String: String] = [:]
        while true {
            let header = try line()
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") == true
        remaining = chunked ? 0 : headers["content-length"].flatMap { Int($0) }
        if status == 204 || status == 304 || (100..<200).contains(status) { (chunked, remaining) = (false, 0) }
        finished = !chunked && remaining == 0
        return Head(status: status, headers: headers)
    }

    /// The next piece of the body; nil once it has all been read.
    func nextPiece() throws(KubernetesError) -> [UInt8]? {
        if finished { return nil }
        if chunked {
            if remaining == 0 {
                let size = try line()
                guard let count = Int(size.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16) else {
                    throw KubernetesError(status: 0, message: "bad chunk size '\(size.prefix(20))'")
                }
                if count == 0 {
                    while try !line().isEmpty {}
                    finished = true
                    return nil
                }
                remaining = count
            }
            let piece = try take(upTo: remaining!)
            remaining! -= piece.count
            if remaining == 0 { _ = try line() }
            return piece
        }
        if let left = remaining {
            let piece = try take(upTo: left)
            remaining = left - piece.count
            finished = remaining == 0
            return piece
        }
        if start == buffer.count, try !fill() {
            finished = true
            return nil
        }
        return take(available: Int.max)
    }

    /// The whole body.
    func readBody() throws(KubernetesError) -> [UInt8] {
        var body: [UInt8] = []
        while let piece = try nextPiece() { body += piece }
        return body
    }

    /// Whether the answer was read to its end, so that the connection can carry another request.
    var reusable: Bool { finished && remaining != nil }

    private func take(upTo count: Int) throws(KubernetesError) -> [UInt8] {
        if start == buffer.count, try !fill() { throw KubernetesError(status: 0, message: "connection closed in a body") }
        return take(available: count)
    }

    private func take(available count: Int) -> [UInt8] {
        let end = min(buffer.count, start + count)
        let piece = Array(buffer[start..<end])
        start = end
        return piece
    }

    private func line() throws(KubernetesError) -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return text
            }
            guard try fill() else { throw KubernetesError(status: 0, message: "connection closed") }
        }
    }

    /// Reads more; false at the end of the stream.
    private func fill() throws(KubernetesError) -> Bool {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let more: [UInt8]
        do {
            more = try tls.read()
        } catch {
            throw KubernetesError(status: 0, message: error.message)
        }
        buffer += more
        return !more.isEmpty
    }
}
