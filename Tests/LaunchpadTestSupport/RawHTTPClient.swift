#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal HTTP/1.1 client over a TCP socket, so that tests can send exactly the bytes they mean,
/// malformed ones included. One request per connection (`Connection: close`).
public struct RawHTTPClient: Sendable {
    public let port: Int
    /// The address the client connects from: 127.0.0.1 by default. Linux routes all of 127.0.0.0/8
    /// to loopback, so `127.0.0.2` is another client as far as nginx's per-address limits go.
    public let sourceAddress: String?

    public init(port: Int, sourceAddress: String? = nil) {
        self.port = port
        self.sourceAddress = sourceAddress
    }

    /// Sends a request built from parts; `Content-Length` is added for a body unless given.
    public func send(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> ReceivedResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty, !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return try sendRaw(Array(head.utf8) + body)
    }

    /// A TCP socket connected to 127.0.0.1:`port` from `sourceAddress` (any loopback address, the
    /// kernel's choice when nil); the caller closes it.
    public static func connectLoopback(port: Int, from sourceAddress: String? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket failed") }
        func address(_ text: String, port: Int) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(text)
            return address
        }
        func call(_ address: sockaddr_in, _ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
            withUnsafePointer(to: address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { operation(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        if let sourceAddress, call(address(sourceAddress, port: 0), bind) != 0 {
            let problem = String(cString: strerror(errno))
            close(fd)
            throw ClientError("bind to \(sourceAddress) failed: \(problem)")
        }
        guard call(address("127.0.0.1", port: port), connect) == 0 else {
            let problem = String(cString: strerror(errno))
            close(fd)
            throw ClientError("connect to \(port) failed: \(problem)")
        }
        return fd
    }

    /// Sends `bytes` as they are and reads the whole response.
    public func sendRaw(_ bytes: [UInt8], timeoutSeconds: Int = 15) throws -> ReceivedResponse {
        let fd = try Self.connectLoopback(port: port, from: sourceAddress)
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }  // the server may answer and close before taking the whole body
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return try Self.parse(response)
    }

    public static func parse(_ bytes: [UInt8]) throws -> ReceivedResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw ClientError("no complete response head in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError("bad status line: \(head.prefix(80))") }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(bytes[(end + 4)...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return ReceivedResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: 13) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            result += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return result
    }

    public struct ClientError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
