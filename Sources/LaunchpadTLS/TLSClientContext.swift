internal import CLibSSL
import Foundation

/// The trust of TLS client connections: the certificate authorities a server's certificate must
/// chain to (TLS 1.2 or newer, the peer always verified, its name or address checked). One
/// context serves any number of connections.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    /// - Parameter authorities: PEM text of one or more CA certificates.
    /// SIGPIPE is ignored from then on, as launchpad's FastCGI transport does: a peer that closed
    /// the connection (during a handshake, a write, an alert) is an error, not the end of the process.
    public init(authorities: [UInt8]) throws(TLSError) {
        signal(SIGPIPE, SIG_IGN)
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError("SSL_CTX_new failed: \(Self.lastError())") }
        self.context = context
        launchpad_ssl_ctx_set_min_tls12(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        let store = SSL_CTX_get_cert_store(context)
        let bio = authorities.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        defer { BIO_free(bio) }
        var loaded = 0
        while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
            X509_STORE_add_cert(store, certificate)
            X509_free(certificate)
            loaded += 1
        }
        ERR_clear_error()
        guard loaded > 0 else { throw TLSError("no PEM certificate among the certificate authorities") }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// Connects to `host:port` and completes the handshake.
    /// - Parameter timeout: for the connection, the handshake, and each write.
    public func connect(host: String, port: Int, timeout: Duration) throws(TLSError) -> TLSConnection {
        try TLSConnection(context: self, host: host, port: port, timeout: timeout)
    }

    /// OpenSSL's queued errors, as text, emptying the queue.
    static func lastError() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown error" : messages.joined(separator: "; ")
    }
}
