/// How a replica's process ended.
public enum ReplicaExit: Sendable, Equatable, CustomStringConvertible {
    /// It called `exit` with this status.
    case exited(code: Int32)
    /// A signal ended it.
    case signaled(signal: Int32)
    /// It was reaped by someone else (a `waitpid(-1)` elsewhere, or SIGCHLD set to SIG_IGN), so its
    /// status is lost.
    case unknown

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        case .unknown: "ended with an unknown status"
        }
    }

    /// Decodes a `waitpid` status word (the WIFEXITED/WTERMSIG macros are not imported into Swift).
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: signal)
        }
    }
}
