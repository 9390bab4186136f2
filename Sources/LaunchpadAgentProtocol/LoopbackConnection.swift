#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One TCP connection to a replica, blocking, with a deadline on every read. Closed when released.
final class LoopbackConnection {
    private let descriptor: Int32

    /// Connects to `host:port` (an IPv4 address) within `timeoutMilliseconds`.
    init(host: String, port: Int, timeoutMilliseconds: Int) throws(ReplicaCallFailure) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ReplicaCallFailure(.unreachable, "cannot open a socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(descriptor)
            throw ReplicaCallFailure(.unreachable, "the replica's address \(host) is not an IPv4 address")
        }
        // On Linux a send timeout bounds a blocking connect too.
        Self.setTimeout(descriptor, SO_SNDTIMEO, milliseconds: timeoutMilliseconds)
        var enable: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw ReplicaCallFailure(.unreachable, "cannot connect to the replica at \(host):\(port): \(String(cString: strerror(code)))")
        }
    }

    deinit {
        close(descriptor)
    }

    func send(_ bytes: [UInt8]) throws(ReplicaCallFailure) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReplicaCallFailure(.broken, "the replica closed the connection while the request was sent")
            }
            offset += count
        }
    }

    /// Up to 16 KiB, waiting until `deadline`; empty at the end of the stream.
    func receive(before deadline: ContinuousClock.Instant, waiting what: String) throws(ReplicaCallFailure) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let left = deadline - .now
            guard left > .zero else { throw ReplicaCallFailure(.timedOut, "the replica sent no \(what) in time") }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let millis = Int32(clamping: max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            let ready = poll(&poller, 1, millis)
            if ready < 0 {
                if errno == EINTR { continue }
                throw ReplicaCallFailure(.broken, "polling the replica's connection failed: errno \(errno)")
            }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(chunk[..<count]) }
            if count == 0 { return [] }
            if errno == EINTR || errno == EAGAIN { continue }
            throw ReplicaCallFailure(.broken, "the replica's connection failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func setTimeout(_ descriptor: Int32, _ option: Int32, milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
