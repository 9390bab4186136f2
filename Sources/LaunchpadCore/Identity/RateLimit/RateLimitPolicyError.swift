/// Why a `RateLimitPolicy` cannot be used, or its text cannot be parsed; `message` names the problem.
public struct RateLimitPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, such as `unknown unit "x" in "15x": use s, m or h`.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String {
        "invalid rate limit: \(message)"
    }
}
