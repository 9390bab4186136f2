#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport

/// A Server-Sent Events request kept open, read as it arrives.
final class SSEConnection {
    private let fd: Int32
    private var received = ""

    /// The answer's status, once its head has arrived (0 before).
    var status: Int {
        guard let line = received.split(separator: "\r\n").first, line.hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(line.dropFirst(9).prefix(3)) ?? 0
    }

    convenience init(port: Int, path: String, key: String) throws {
        try self.init(port: port, request: "GET \(path) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(key)\r\nAccept: text/event-stream\r\n\r\n")
    }

    /// Sends `request` (a whole HTTP/1.1 request, head and body) and, unless `waitForHead` is false,
    /// reads the answer's head (nginx sends a stream's head with its first event).
    init(port: Int, request: String, waitForHead: Bool = true) throws {
        fd = try RawHTTPClient.connectLoopback(port: port)
        _ = Array(request.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if waitForHead { _ = try? waitFor("\r\n\r\n", timeout: 10) }
    }

    /// Reads until `text` has arrived; returns what arrived.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval) throws -> String {
        guard try read(timeout: timeout, waitingFor: "'\(text)'", until: { $0.contains(text) }) else {
            throw RawHTTPClient.ClientError("closed before '\(text)'; got: \(received.suffix(500))")
        }
        return received
    }

    /// Reads until the server closes the connection; returns what arrived.
    @discardableResult
    func waitForClose(timeout: TimeInterval) throws -> String {
        _ = try read(timeout: timeout, waitingFor: "the end of the connection", until: { _ in false })
        return received
    }

    /// What has arrived so far.
    var text: String { received }

    /// Reads until `done` holds for what arrived (true) or the connection closes (false).
    private func read(timeout: TimeInterval, waitingFor what: String, until done: (String) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(received) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw RawHTTPClient.ClientError("\(what) did not arrive; got: \(received.suffix(500))") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }

    func close() {
        Glibc.close(fd)
    }
}
