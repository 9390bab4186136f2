/// Where a replica answers the agent protocol (`GET /health`, and what follows).
public struct ReplicaEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `http://127.0.0.1:41234`.
    public var description: String { "http://\(host):\(port)" }
}
