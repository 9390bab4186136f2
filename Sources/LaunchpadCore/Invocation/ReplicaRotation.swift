import Foundation
import LaunchpadDomain

/// Spreads calls over an agent's replicas: each call starts one further along the list than the
/// last, and tries the others in order when a replica has gone.
final class ReplicaRotation: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// `endpoints` in the order to try them for one call.
    func order(_ endpoints: [ReplicaEndpoint]) -> [ReplicaEndpoint] {
        guard endpoints.count > 1 else { return endpoints }
        let start = lock.withLock {
            defer { next &+= 1 }
            return next
        }
        let offset = abs(start % endpoints.count)
        return Array(endpoints[offset...] + endpoints[..<offset])
    }
}
