#if canImport(Glibc)
import Glibc
#endif

/// Blocking reads and writes on a connected socket, retrying on EINTR.
enum SocketIO {
    /// What one `recv` gave.
    enum Received: Equatable {
        case data
        /// The peer closed its side.
        case end
        /// `SO_RCVTIMEO` ran out.
        case timeout
        case failed
    }

    /// Appends up to 4 KiB read from `descriptor` to `buffer`.
    static func receive(_ descriptor: Int32, into buffer: inout [UInt8]) -> Received {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[..<count]
                return .data
            }
            if count == 0 { return .end }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timeout
            default: return .failed
            }
        }
    }

    /// Writes all of `bytes`; false when the peer has gone. MSG_NOSIGNAL: no SIGPIPE.
    @discardableResult
    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }

    /// Sets how long a `recv` may block.
    static func setReceiveTimeout(_ descriptor: Int32, milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
