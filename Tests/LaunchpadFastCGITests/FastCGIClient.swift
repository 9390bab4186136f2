#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Speaks the FastCGI responder protocol over a unix socket, as nginx does, so that tests reach the
/// transport without nginx in between (and can send what nginx never would).
struct FastCGIClient {
    let socketPath: String

    struct Reply {
        var head: String
        var body: [UInt8]
        var status: Int {
            head.split(separator: "\r\n").first { $0.hasPrefix("Status: ") }.flatMap { Int($0.dropFirst(8).prefix(3)) } ?? 200
        }
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// Sends one request with `params` and `stdin`, and reads stdout until END_REQUEST.
    func send(params: [(String, String)], stdin: [UInt8] = []) throws -> Reply {
        let fd = try connect()
        defer { close(fd) }
        return try send(on: fd, params: params, stdin: stdin, keepConnection: false)
    }

    /// One request on a connection of the caller's (`connect()`); with `keepConnection`, the server
    /// keeps it open for the next, as nginx's `fastcgi_keep_conn on` asks.
    func send(on fd: Int32, params: [(String, String)], stdin: [UInt8] = [], keepConnection: Bool) throws -> Reply {
        try write(on: fd, params: params, stdin: stdin, keepConnection: keepConnection)
        return try readReply(fd)
    }

    /// Writes one request on `fd` without reading its answer.
    func write(on fd: Int32, params: [(String, String)], stdin: [UInt8] = [], keepConnection: Bool) throws {
        var out: [UInt8] = []
        out += record(type: 1, content: [0, 1, keepConnection ? 1 : 0, 0, 0, 0, 0, 0])  // BEGIN_REQUEST, role RESPONDER
        var encoded: [UInt8] = []
        for (name, value) in params {
            encoded += length(name.utf8.count) + length(value.utf8.count) + Array(name.utf8) + Array(value.utf8)
        }
        out += record(type: 4, content: encoded) + record(type: 4, content: [])
        var offset = 0
        while offset < stdin.count {
            let chunk = Array(stdin[offset..<min(offset + 65535, stdin.count)])
            out += record(type: 5, content: chunk)
            offset += chunk.count
        }
        out += record(type: 5, content: [])
        try writeAll(fd, out)
    }

    func connect() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            let path = Array(socketPath.utf8)
            buffer.copyBytes(from: path.prefix(buffer.count - 1))
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError("connect \(socketPath): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    private func record(type: UInt8, content: [UInt8]) -> [UInt8] {
        [1, type, 0, 1, UInt8(content.count >> 8), UInt8(content.count & 0xff), 0, 0] + content
    }

    private func length(_ count: Int) -> [UInt8] {
        count < 128 ? [UInt8(count)] : [UInt8((count >> 24) | 0x80), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw ClientError("write failed") }
            sent += count
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw ClientError("connection closed after \(got) of \(count) bytes") }
            got += n
        }
        return bytes
    }

    private func readReply(_ fd: Int32) throws -> Reply {
        var stdout: [UInt8] = []
        while true {
            let header = try readExactly(fd, 8)
            let length = Int(header[4]) << 8 | Int(header[5])
            let content = try readExactly(fd, length + Int(header[6]))
            if header[1] == 6 { stdout += content.prefix(length) }
            if header[1] == 3 { break }
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = stdout.indices.first(where: { stdout[$0...].starts(with: separator) }) else {
            throw ClientError("no header block in \(stdout.count) bytes")
        }
        return Reply(head: String(decoding: stdout[..<end], as: UTF8.self), body: Array(stdout[(end + 4)...]))
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
