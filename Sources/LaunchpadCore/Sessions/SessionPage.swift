/// One page of an agent's sessions, newest first, and how many there are in all.
public struct SessionPage: Sendable, Equatable {
    public var sessions: [Session]
    public var total: Int

    public init(sessions: [Session], total: Int) {
        self.sessions = sessions
        self.total = total
    }
}
