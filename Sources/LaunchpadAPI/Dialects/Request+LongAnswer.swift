import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

extension Request {
    /// How a synchronous run waits for its end on this request's connection: off the transport's
    /// pool once the run has started, and only for as long as the client is there.
    var runWait: RunWait {
        let connection = connection
        return RunWait(beforeWaiting: { connection?.beginLongAnswer() }, callerLeft: { connection?.isClosed ?? false })
    }
}

extension InvocationService {
    /// Waits for the agent's whole reply to `turn`, holding one of the caller's reply places
    /// meanwhile, with the request's thread out of the transport's pool.
    func wholeReply(to turn: PreparedTurn, by principal: Principal, on request: Request) throws -> CompletedTurn {
        let place = try openReply(for: principal)
        request.connection?.beginLongAnswer()
        return try withExtendedLifetime(place) { try run(turn) }
    }
}
