/// Why a driver could not do what it was asked; `reason` is recorded as the agent's.
public struct DriverFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
