/// How launchpad reaches a replica it cannot connect to itself: over TLS to a gateway that
/// forwards to the replica (a cluster's API server and its pod proxy), every path under a prefix,
/// with the gateway's credentials.
public struct ReplicaGateway: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// What every path the replica is sent goes under: `/api/v1/namespaces/agents/pods/p-1:8080/proxy`.
    public var pathPrefix: String
    /// The `Authorization` header's value.
    public var authorization: String
    /// PEM of the authorities the gateway's certificate must chain to.
    public var authority: [UInt8]

    public init(host: String, port: Int, pathPrefix: String, authorization: String, authority: [UInt8]) {
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
        self.authorization = authorization
        self.authority = authority
    }
}
