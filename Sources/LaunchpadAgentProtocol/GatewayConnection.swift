import Foundation
import LaunchpadDomain
import LaunchpadTLS

/// A TLS connection to a replica's gateway (a cluster's API server, whose pod proxy forwards the
/// call to the replica). A gateway that cannot be reached, or whose certificate is not trusted,
/// is `unreachable`, as a replica that has gone.
final class GatewayConnection: ReplicaConnection {
    private let tls: TLSConnection

    init(_ gateway: ReplicaGateway, contexts: GatewayContexts, timeoutMilliseconds: Int) throws(ReplicaCallFailure) {
        do {
            tls = try contexts.context(for: gateway.authority).connect(host: gateway.host, port: gateway.port, timeout: .milliseconds(timeoutMilliseconds))
        } catch {
            throw ReplicaCallFailure(.unreachable, "cannot reach the replica's gateway \(gateway.host):\(gateway.port): \(error.message)")
        }
    }

    deinit {
        tls.close()
    }

    func send(_ bytes: [UInt8]) throws(ReplicaCallFailure) {
        do {
            try tls.write(bytes)
        } catch {
            throw ReplicaCallFailure(.broken, "the gateway closed the connection while the request was sent: \(error.message)")
        }
    }

    func receive(before deadline: ContinuousClock.Instant, waiting what: String) throws(ReplicaCallFailure) -> [UInt8] {
        let left = deadline - .now
        guard left > .zero else { throw ReplicaCallFailure(.timedOut, "the replica sent no \(what) in time") }
        tls.setReadTimeout(max(left, .milliseconds(1)))
        do {
            return try tls.read(limit: 16_384)
        } catch where error.message.hasSuffix("timed out") {
            throw ReplicaCallFailure(.timedOut, "the replica sent no \(what) in time")
        } catch {
            throw ReplicaCallFailure(.broken, "the gateway's connection failed: \(error.message)")
        }
    }
}

/// The TLS contexts of the gateways' authorities, made once each (reading the authorities' PEM
/// is not free) and shared by every call.
final class GatewayContexts: @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [[UInt8]: TLSClientContext] = [:]

    func context(for authority: [UInt8]) throws(TLSError) -> TLSClientContext {
        if let known = lock.withLock({ contexts[authority] }) { return known }
        let made = try TLSClientContext(authorities: authority)
        lock.withLock { contexts[authority] = made }
        return made
    }
}
