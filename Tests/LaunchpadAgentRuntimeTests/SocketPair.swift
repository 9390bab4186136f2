#if canImport(Glibc)
import Glibc
#endif

/// Two connected unix stream sockets: the test writes a client's bytes to `client`, and the code
/// under test reads `server`.
final class SocketPair: Sendable {
    let client: Int32
    let server: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        let result = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &descriptors)
        precondition(result == 0, "socketpair failed: \(errno)")
        client = descriptors[0]
        server = descriptors[1]
    }

    deinit {
        close(client)
        close(server)
    }

    /// Writes `text` as the client, then closes the client's sending side when `finish` is set.
    func send(_ text: String, finish: Bool = false) {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
        precondition(written == bytes.count)
        if finish { shutdown(client, Int32(SHUT_WR)) }
    }

    /// One read of what the server side has written, waiting up to the timeout.
    func receiveOnce(timeoutMilliseconds: Int) -> String {
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: chunk[..<count], as: UTF8.self) : ""
    }
}
