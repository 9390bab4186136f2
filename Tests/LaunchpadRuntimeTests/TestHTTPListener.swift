#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadRuntime
import Synchronization

/// A listening socket on 127.0.0.1 that answers one request with `status`, or never accepts when
/// `status` is nil.
final class TestHTTPListener: Sendable {
    let port: Int
    private let socket: Int32
    private let requestLine = Mutex<String?>(nil)

    init(status: Int?) throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = LoopbackSocket.address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw SystemCallError("listen")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socket = descriptor
        port = Int(UInt16(bigEndian: actual.sin_port))
        if let status {
            Thread.detachNewThread { [self] in answerOnce(status: status) }
        }
    }

    deinit {
        close(socket)
    }

    /// The request line the listener received.
    var receivedRequestLine: String? { requestLine.withLock { $0 } }

    private func answerOnce(status: Int) {
        let connection = accept(socket, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return }
            request.append(contentsOf: chunk[..<count])
        }
        let line = String(decoding: request, as: UTF8.self).components(separatedBy: "\r\n").first
        requestLine.withLock { $0 = line }
        let response = Array("HTTP/1.1 \(status) Whatever\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
        _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}
