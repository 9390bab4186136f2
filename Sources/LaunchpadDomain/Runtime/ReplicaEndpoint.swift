/// Where a replica answers the agent protocol (`GET /health`, and what follows): its address, and
/// the gateway to go through when launchpad cannot connect to that address itself.
public struct ReplicaEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var gateway: ReplicaGateway?

    public init(host: String, port: Int, gateway: ReplicaGateway? = nil) {
        self.host = host
        self.port = port
        self.gateway = gateway
    }

    /// `http://127.0.0.1:41234`, or the gateway's `https://10.0.0.1:6443/api/v1/…/proxy`.
    public var description: String {
        guard let gateway else { return "http://\(host):\(port)" }
        return "https://\(gateway.host):\(gateway.port)\(gateway.pathPrefix)"
    }
}
