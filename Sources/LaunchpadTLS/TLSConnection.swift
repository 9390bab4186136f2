internal import CLibSSL
import Foundation

/// One TLS connection over TCP, used by one thread at a time; `cancel()` may come from another.
public final class TLSConnection: @unchecked Sendable {
    private let context: TLSClientContext
    private let ssl: OpaquePointer
    private let descriptor: Int32
    /// Guards `closed` between `cancel` on one thread and `close` on another: a closed descriptor's
    /// number may already belong to someone else.
    private let lock = NSLock()
    private var closed = false

    init(context: TLSClientContext, host: String, port: Int, timeout: Duration) throws(TLSError) {
        self.context = context
        descriptor = try Self.openSocket(host: host, port: port, timeout: timeout)
        guard let ssl = SSL_new(context.context) else {
            Glibc.close(descriptor)
            throw TLSError("SSL_new failed: \(TLSClientContext.lastError())")
        }
        self.ssl = ssl
        let parameters = SSL_get0_param(ssl)
        if Self.isAddress(host) {
            X509_VERIFY_PARAM_set1_ip_asc(parameters, host)
        } else {
            SSL_set1_host(ssl, host)
            launchpad_ssl_set_server_name(ssl, host)
        }
        SSL_set_fd(ssl, descriptor)
        guard SSL_connect(ssl) == 1 else {
            let verification = SSL_get_verify_result(ssl)
            let reason = verification != X509_V_OK
                ? "the server's certificate is not trusted: \(String(cString: X509_verify_cert_error_string(verification)))"
                : TLSClientContext.lastError()
            // Fully initialized: deinit runs after this throw, so the connection is freed once, here.
            close()
            throw TLSError("TLS handshake with \(host):\(port) failed: \(reason)")
        }
    }

    deinit {
        close()
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(TLSError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            guard written > 0 else { throw TLSError("write failed: \(describe(written))") }
            offset += Int(written)
        }
    }

    /// Reads what is there, up to `limit` bytes, waiting for at least one; empty at the end of the stream.
    public func read(limit: Int = 65_536) throws(TLSError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(limit)) }
        if count > 0 { return Array(buffer[0..<Int(count)]) }
        if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { return [] }
        if count == 0 && ERR_peek_error() == 0 { return [] }
        throw TLSError("read failed: \(describe(count))")
    }

    /// How long a read waits before it fails; nil waits for ever (a watch, which `cancel` ends).
    public func setReadTimeout(_ timeout: Duration?) {
        var value = timeval(tv_sec: 0, tv_usec: 0)
        if let timeout {
            let components = timeout.components
            value = timeval(tv_sec: Int(components.seconds), tv_usec: Int(components.attoseconds / 1_000_000_000_000))
        }
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Ends a read or write in progress on another thread: it fails at once.
    public func cancel() {
        lock.withLock {
            if !closed { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    /// Frees the connection; call it from the thread that reads and writes.
    public func close() {
        let wasOpen = lock.withLock { () -> Bool in
            defer { closed = true }
            return !closed
        }
        guard wasOpen else { return }
        SSL_free(ssl)
        Glibc.close(descriptor)
    }

    private func describe(_ result: Int32) -> String {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_SYSCALL:
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK { return "timed out" }
            return code == 0 ? "connection closed" : String(cString: strerror(code))
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return "timed out"
        default: return TLSClientContext.lastError()
        }
    }

    private static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func openSocket(host: String, port: Int, timeout: Duration) throws(TLSError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw TLSError("cannot resolve \(host): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var failure = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let descriptor = socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), current.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            let components = timeout.components
            var value = timeval(tv_sec: Int(components.seconds), tv_usec: Int(components.attoseconds / 1_000_000_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return descriptor }
            failure = String(cString: strerror(errno))
            Glibc.close(descriptor)
        }
        throw TLSError("cannot connect to \(host):\(port): \(failure)")
    }
}
