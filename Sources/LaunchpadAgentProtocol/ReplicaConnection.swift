/// One connection a call to a replica goes over: straight to the replica (`LoopbackConnection`),
/// or through a gateway (`GatewayConnection`).
protocol ReplicaConnection: AnyObject {
    func send(_ bytes: [UInt8]) throws(ReplicaCallFailure)

    /// What has arrived, waiting until `deadline`; empty at the end of the stream.
    func receive(before deadline: ContinuousClock.Instant, waiting what: String) throws(ReplicaCallFailure) -> [UInt8]
}

extension LoopbackConnection: ReplicaConnection {}
