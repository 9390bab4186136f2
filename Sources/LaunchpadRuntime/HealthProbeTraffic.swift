/// Bytes a health probe carried: the request sent, and the part of the answer read (up to the status line).
public struct HealthProbeTraffic: Sendable, Equatable {
    public var bytesSent = 0
    public var bytesReceived = 0

    public init() {}
}
