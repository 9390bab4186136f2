import Foundation
import LaunchpadTLS

/// A small HTTP/1.1 client of one API server: requests over a few kept-alive TLS connections, and
/// streams (watches, followed logs) each on a connection of its own. It counts its requests, for
/// the figures of `make bench`.
public final class KubernetesClient: @unchecked Sendable {
    public let credentials: KubernetesCredentials
    private let tls: TLSClientContext
    private let timeout: Duration
    private let lock = NSLock()
    private var idle: [HTTPConnection] = []
    private var sent = 0

    public init(credentials: KubernetesCredentials, timeout: Duration = .seconds(10)) throws(KubernetesError) {
        self.credentials = credentials
        self.timeout = timeout
        do {
            tls = try TLSClientContext(authorities: credentials.authority)
        } catch {
            throw KubernetesError(status: 0, message: "the cluster's certificate authority: \(error.message)")
        }
    }

    /// Requests sent since the client was made (each watch and each followed log counts once).
    public var requestCount: Int { lock.withLock { sent } }

    /// Sends a request and reads its whole answer; throws unless it is 2xx.
    @discardableResult
    public func send(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json") throws(KubernetesError) -> [UInt8] {
        let (status, answer) = try exchange(method, path, body: body, contentType: contentType)
        guard (200..<300).contains(status) else { throw KubernetesError(status: status, body: answer) }
        return answer
    }

    /// A GET decoded as `T`.
    public func get<T: Decodable>(_ path: String, as type: T.Type) throws(KubernetesError) -> T {
        let body = try send("GET", path)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw KubernetesError(status: 0, message: "cannot read \(path): \(error)")
        }
    }

    /// Opens a stream (`?watch=true`, `pods/log?follow=true`) on a connection of its own, and
    /// returns it once the API server has answered 200.
    func stream(_ path: String) throws(KubernetesError) -> KubernetesStream {
        // The answer's head comes within the timeout; then the stream waits as long as it lasts.
        let connection = try connect(readTimeout: timeout)
        countRequest()
        let head: HTTPConnection.Head
        do throws(KubernetesError) {
            try connection.send(method: "GET", target: path, host: hostHeader, headers: headers(contentType: nil), body: nil)
            head = try connection.readHead()
        } catch {
            connection.tls.close()
            throw unreachable(error)
        }
        guard head.status == 200 else {
            let body = (try? connection.readBody()) ?? []
            connection.tls.close()
            throw KubernetesError(status: head.status, body: body)
        }
        connection.tls.setReadTimeout(nil)
        return KubernetesStream(connection: connection)
    }

    private func exchange(_ method: String, _ path: String, body: [UInt8]?, contentType: String) throws(KubernetesError) -> (Int, [UInt8]) {
        countRequest()
        // A kept-alive connection the server closed meanwhile fails at once: then once more on a new
        // one. The other idle connections went to the same server, so they are dropped too.
        for attempt in 0..<2 {
            let reused = attempt == 0 ? lock.withLock { idle.popLast() } : nil
            let connection: HTTPConnection
            if let reused { connection = reused } else { connection = try connect(readTimeout: timeout) }
            do throws(KubernetesError) {
                try connection.send(method: method, target: path, host: hostHeader, headers: headers(contentType: body == nil ? nil : contentType), body: body)
                let head = try connection.readHead()
                let answer = try connection.readBody()
                if connection.reusable && head.headers["connection"]?.lowercased() != "close" {
                    lock.withLock { if idle.count < 8 { idle.append(connection) } }
                } else {
                    connection.tls.close()
                }
                return (head.status, answer)
            } catch {
                connection.tls.close()
                if reused == nil { throw unreachable(error) }
                let stale = lock.withLock { () -> [HTTPConnection] in
                    defer { idle.removeAll() }
                    return idle
                }
                for connection in stale { connection.tls.close() }
            }
        }
        throw KubernetesError(status: 0, message: "unreachable")
    }

    private func connect(readTimeout: Duration?) throws(KubernetesError) -> HTTPConnection {
        do {
            let connection = try tls.connect(host: credentials.host, port: credentials.port, timeout: timeout)
            connection.setReadTimeout(readTimeout)
            return HTTPConnection(tls: connection)
        } catch {
            throw unreachable(KubernetesError(status: 0, message: error.message))
        }
    }

    /// A failure without an answer, saying which API server did not answer.
    private func unreachable(_ error: KubernetesError) -> KubernetesError {
        guard error.status == 0, !error.message.hasPrefix("the API server") else { return error }
        return KubernetesError(status: 0, message: "the API server \(hostHeader) cannot be reached: \(error.message)")
    }

    private var hostHeader: String { "\(credentials.host):\(credentials.port)" }

    private func headers(contentType: String?) -> [(String, String)] {
        var headers = [("Authorization", "Bearer \(credentials.token)"), ("Accept", "application/json"), ("User-Agent", "launchpad")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        return headers
    }

    private func countRequest() {
        lock.withLock { sent += 1 }
    }
}

/// An answer read as it comes, line by line: a watch's events, a followed log's lines.
final class KubernetesStream: @unchecked Sendable {
    private let connection: HTTPConnection
    private var pending: [UInt8] = []

    init(connection: HTTPConnection) {
        self.connection = connection
    }

    /// The next line, without its newline; nil at the end of the answer.
    func nextLine() throws(KubernetesError) -> [UInt8]? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return line
            }
            guard let piece = try connection.nextPiece() else {
                if pending.isEmpty { return nil }
                defer { pending = [] }
                return pending
            }
            pending += piece
        }
    }

    /// Ends the stream from another thread: a `nextLine` waiting fails at once.
    func cancel() {
        connection.tls.cancel()
    }

    func close() {
        connection.tls.close()
    }
}
