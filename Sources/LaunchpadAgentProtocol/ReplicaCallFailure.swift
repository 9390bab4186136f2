/// Why a call to a replica gave no answer. `unreachable` means the replica did nothing with the
/// call (no connection, or closed before a byte of answer), so another replica may be tried: they
/// keep no state; the others mean the replica took the turn and failed it.
public struct ReplicaCallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The connection was refused or not made in time, or closed before any answer: the replica has gone.
        case unreachable
        /// No answer, or no next event, within the time allowed.
        case timedOut
        /// An answer that is not the protocol's (not HTTP, not JSON, an unknown event, too long).
        case garbage
        /// The replica answered with an error status or an `error` event.
        case agentFailed
        /// The connection closed before the answer was complete.
        case broken
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
