import Foundation
import LaunchpadAgentProtocol
import LaunchpadDomain

/// Talks to agents: checks the caller's turn, picks one of the agent's ready replicas (spread over
/// them; one that has gone is skipped), sends it the conversation over the agent protocol, and
/// commits the turn to the session only when the answer is complete.
public final class InvocationService: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var timeouts: ReplicaClient.Timeouts
        /// The longest message a caller may send, in characters.
        public var maxMessageCharacters: Int
        /// The most messages a conversation sent whole may hold.
        public var maxConversationMessages: Int
        /// Agents' replies open at once through the API, streamed or waited for whole (each holds a
        /// thread of the transport); past it one is refused (`unavailable`, retry in a second).
        public var maxStreams: Int
        /// Replies one user may have open at once, all their keys together; past it one is refused
        /// (`limitExceeded`).
        public var maxStreamsPerUser: Int

        public init(
            timeouts: ReplicaClient.Timeouts = .init(), maxMessageCharacters: Int = 32_768, maxConversationMessages: Int = 500, maxStreams: Int = 1024,
            maxStreamsPerUser: Int = 256
        ) {
            self.timeouts = timeouts
            self.maxMessageCharacters = maxMessageCharacters
            self.maxConversationMessages = maxConversationMessages
            self.maxStreams = maxStreams
            self.maxStreamsPerUser = maxStreamsPerUser
        }
    }

    public let configuration: Configuration
    let agents: AgentService
    let sessions: SessionService
    private let client: ReplicaClient
    private let rotation = ReplicaRotation()
    private let replies: Slots

    public init(agents: AgentService, sessions: SessionService, configuration: Configuration = Configuration()) {
        self.agents = agents
        self.sessions = sessions
        self.configuration = configuration
        client = ReplicaClient(timeouts: configuration.timeouts)
        replies = Slots(limit: configuration.maxStreams, limitPerUser: configuration.maxStreamsPerUser, what: "agent replies open")
    }

    /// A place for one of `principal`'s replies among `maxStreams`, taken after the turn is
    /// prepared and before the reply is asked for, and held until the answer ends (a stream's until
    /// it ends); all taken is `unavailable`, the user's `maxStreamsPerUser` taken `limitExceeded`,
    /// both with a retry delay.
    public func openReply(for principal: Principal) throws(DomainError) -> Slot {
        try replies.take(for: principal.userId)
    }

    /// The replies open now, and how many were refused for `maxStreams` since the start.
    public var replyCounts: (open: Int, refused: Int) { replies.counts }

    /// A message for `agent` in a session: `sessionId`'s, or a new one when it is nil and
    /// `newSession` (else a call without a session).
    public func prepare(
        agent: Agent, by principal: Principal, message text: String, field: String, sessionId: String?, newSession: Bool,
        metadata: [String: String] = [:], variables: [String: String] = [:]
    ) throws -> PreparedTurn {
        try checkText(text, field: field)
        try Self.check(variables)
        let message = ConversationMessage(role: .user, content: text)
        var session: Session?
        if let sessionId {
            session = try sessions.session(sessionId, agentId: agent.agentId, for: principal)
        }
        let endpoints = try readyEndpoints(of: agent)
        if session == nil, newSession {
            session = try sessions.create(agentId: agent.agentId, by: principal, metadata: metadata)
        }
        let conversation = try session.map { try sessions.conversation(of: $0, adding: message) } ?? [message]
        return PreparedTurn(
            agentId: agent.agentId, agentName: agent.name, session: session, message: message, conversation: conversation,
            variables: variables, endpoints: endpoints)
    }

    /// A whole conversation for `agent`, kept nowhere (OpenAI's chat sends all of it each time).
    /// `field` names the list in errors (`messages`).
    public func prepare(agent: Agent, conversation: [ConversationMessage], field: String, variables: [String: String] = [:]) throws -> PreparedTurn {
        guard !conversation.isEmpty else { throw DomainError.invalid(field: field, "must hold at least one message") }
        guard conversation.count <= configuration.maxConversationMessages else {
            throw DomainError.invalid(field: field, "must hold at most \(configuration.maxConversationMessages) messages")
        }
        for (index, message) in conversation.enumerated() {
            try checkText(message.content, field: "\(field)[\(index)].content", allowEmpty: message.role != .user)
        }
        guard conversation.contains(where: { $0.role == .user }) else { throw DomainError.invalid(field: field, "must hold at least one user message") }
        try Self.check(variables)
        return PreparedTurn(
            agentId: agent.agentId, agentName: agent.name, session: nil, message: nil, conversation: conversation,
            variables: variables, endpoints: try readyEndpoints(of: agent))
    }

    /// Sends the turn and waits for the whole reply; with `onToken`, streams it, calling `onToken`
    /// with each piece (whatever it throws, the client having gone, cancels the call and commits
    /// nothing). A session's turn is committed once the reply is complete.
    public func run(_ turn: PreparedTurn, onToken: ((String) throws -> Void)? = nil) throws -> CompletedTurn {
        let request = InvocationRequest(sessionId: turn.session?.sessionId, messages: turn.conversation, variables: turn.variables, stream: onToken != nil)
        var reply: InvocationReply?
        var lastFailure: ReplicaCallFailure?
        for endpoint in turn.endpoints {
            do {
                if let onToken {
                    reply = try client.stream(request, host: endpoint.host, port: endpoint.port, via: endpoint.gateway, onToken: onToken)
                } else {
                    reply = try client.invoke(request, host: endpoint.host, port: endpoint.port, via: endpoint.gateway)
                }
                break
            } catch let failure as ReplicaCallFailure where failure.kind == .unreachable {
                lastFailure = failure
                continue
            } catch let failure as ReplicaCallFailure {
                throw Self.domainError(failure, agentId: turn.agentId)
            }
        }
        guard let reply else {
            throw DomainError(.unavailable, "Agent '\(turn.agentId)' has no replica that answers" + (lastFailure.map { " (\($0.message))" } ?? ""))
        }
        if let session = turn.session, let message = turn.message {
            try sessions.commitTurn(session.sessionId, message: message, reply: reply.content)
        }
        return CompletedTurn(agentId: turn.agentId, agentName: turn.agentName, sessionId: turn.session?.sessionId, content: reply.content, usage: reply.usage)
    }

    /// Where a request to the agent's url goes: the next of its ready replicas that accepts a
    /// connection (one that has gone is skipped); none is `unavailable`.
    public func replica(for agent: Agent) throws -> ReplicaEndpoint {
        let endpoints = try readyEndpoints(of: agent)
        // nginx proxies the url to the replica's own address, which launchpad cannot reach when it
        // talks to the replicas through a gateway (it is not on their network).
        if endpoints.allSatisfy({ $0.gateway != nil }) {
            throw DomainError(
                .unavailable,
                "Agent '\(agent.agentId)' is reached only through its cluster's API server here (--kubernetes-pod-network proxy): its url needs launchpad on the pods' network (--kubernetes-pod-network direct); invoke it through the API meanwhile")
        }
        guard let open = endpoints.first(where: { $0.gateway == nil && client.accepts(host: $0.host, port: $0.port) }) else {
            throw DomainError(.unavailable, "Agent '\(agent.agentId)' has no replica that answers", retryAfterSeconds: 5)
        }
        return open
    }

    /// The agent's ready replicas in the order to try them; none is `unavailable`.
    private func readyEndpoints(of agent: Agent) throws -> [ReplicaEndpoint] {
        let endpoints = agents.runtime?.readyEndpoints(of: agent.agentId) ?? []
        guard !endpoints.isEmpty else {
            throw DomainError(.unavailable, "Agent '\(agent.agentId)' has no ready replica (status \(agent.status.rawValue))", retryAfterSeconds: 5)
        }
        return rotation.order(endpoints)
    }

    private func checkText(_ text: String, field: String, allowEmpty: Bool = false) throws(DomainError) {
        guard allowEmpty || !text.allSatisfy(\.isWhitespace) else { throw DomainError.invalid(field: field, "must not be empty") }
        guard text.count <= configuration.maxMessageCharacters else {
            throw DomainError.invalid(field: field, "must be at most \(configuration.maxMessageCharacters) characters")
        }
    }

    /// At most 32 variables, names of 1 to 64 characters, values of at most 4,096.
    static func check(_ variables: [String: String]) throws(DomainError) {
        guard variables.count <= 32 else { throw DomainError.invalid(field: "variables", "at most 32 entries") }
        for (name, value) in variables {
            guard (1...64).contains(name.count) else { throw DomainError.invalid(field: "variables", "names must have 1 to 64 characters") }
            guard value.count <= 4096 else { throw DomainError.invalid(field: "variables.\(name)", "at most 4096 characters") }
        }
    }

    /// What a failed call means to the caller: the agent is there but did not answer properly.
    static func domainError(_ failure: ReplicaCallFailure, agentId: String) -> DomainError {
        DomainError(.unavailable, "Agent '\(agentId)' failed to answer: \(failure.message)")
    }
}
