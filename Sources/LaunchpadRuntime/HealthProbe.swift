#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 GET to a replica on 127.0.0.1, over a plain socket (no Foundation networking), with
/// one deadline for the whole exchange.
public enum HealthProbe {
    /// Sends `GET path` to 127.0.0.1:`port` and reads the status line.
    ///
    /// - Returns: `.healthy` when the status is 200, `.unhealthy` with the reason otherwise: the
    ///   connection refused, no status line within `timeout`, another status, a malformed answer.
    public static func check(port: Int, path: String = "/health", timeout: Duration = .seconds(1)) -> HealthProbeResult {
        var traffic = HealthProbeTraffic()
        return check(port: port, path: path, timeout: timeout, traffic: &traffic)
    }

    /// The same, also counting the bytes sent to and read from the replica.
    public static func check(port: Int, path: String = "/health", timeout: Duration = .seconds(1), traffic: inout HealthProbeTraffic) -> HealthProbeResult {
        let start = ContinuousClock.now
        let deadline = start + timeout
        let socket: LoopbackSocket
        do {
            socket = try LoopbackSocket()
        } catch {
            return .unhealthy(reason: error.description)
        }
        if socket.connect(port: port) != 0 {
            guard errno == EINPROGRESS else { return .unhealthy(reason: connectFailure(port: port, code: errno)) }
            guard socket.wait(for: Int32(POLLOUT), until: deadline) else { return timedOut(port: port, timeout: timeout) }
            let error = socket.pendingError()
            guard error == 0 else { return .unhealthy(reason: connectFailure(port: port, code: error)) }
        }

        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: launchpad-health-probe\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(socket.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
                traffic.bytesSent += count
            } else if errno == EAGAIN || errno == EINTR {
                guard socket.wait(for: Int32(POLLOUT), until: deadline) else { return timedOut(port: port, timeout: timeout) }
            } else {
                return .unhealthy(reason: "cannot send to port \(port): \(String(cString: strerror(errno)))")
            }
        }

        // The status line is all that matters; the rest of the answer is left unread.
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while answer.count < 1024 && !containsLineEnd(answer) {
            let count = chunk.withUnsafeMutableBytes { recv(socket.descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                answer.append(contentsOf: chunk[..<count])
                traffic.bytesReceived += count
            } else if count == 0 {
                break
            } else if errno == EAGAIN || errno == EINTR {
                guard socket.wait(for: Int32(POLLIN), until: deadline) else { return timedOut(port: port, timeout: timeout) }
            } else {
                return .unhealthy(reason: "cannot read from port \(port): \(String(cString: strerror(errno)))")
            }
        }
        let responseTime = ContinuousClock.now - start
        guard !answer.isEmpty else { return .unhealthy(reason: "port \(port) closed the connection without answering") }
        let statusLine = String(decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            return .unhealthy(reason: "port \(port) answered with no HTTP status line: \(statusLine.prefix(80))")
        }
        guard status == 200 else { return .unhealthy(reason: "GET \(path) answered \(status)") }
        return .healthy(responseTime: responseTime)
    }

    private static func containsLineEnd(_ bytes: [UInt8]) -> Bool {
        bytes.contains(UInt8(ascii: "\n"))
    }

    private static func connectFailure(port: Int, code: Int32) -> String {
        code == ECONNREFUSED
            ? "connection refused on port \(port)"
            : "cannot connect to port \(port): \(String(cString: strerror(code)))"
    }

    private static func timedOut(port: Int, timeout: Duration) -> HealthProbeResult {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return .unhealthy(reason: "no answer from port \(port) within \(milliseconds) ms")
    }
}
