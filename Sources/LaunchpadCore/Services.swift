import Foundation
import LaunchpadThreads
import LaunchpadStore

/// Everything behind the API for one data directory, opened together and closed in order.
public final class Services: Sendable {
    public struct Configuration: Sendable {
        public var pipelines = PipelineService.Configuration()
        public var identity: IdentityService.Configuration
        public var rateLimits: RateLimitPolicies
        public var agents: AgentService.Configuration
        public var logs: AgentLogs.Configuration
        public var scanPolicy: ScanPolicy
        public var events: SecurityEventLog.Configuration
        /// The size presets and images instances are made of.
        public var instances = InstanceCatalog()
        public var sessions = SessionService.Configuration()
        public var invocation = InvocationService.Configuration()

        public init(
            identity: IdentityService.Configuration = .init(), rateLimits: RateLimitPolicies = .init(), agents: AgentService.Configuration = .init(),
            logs: AgentLogs.Configuration = .init(), scanPolicy: ScanPolicy = .init(), events: SecurityEventLog.Configuration = .init()
        ) {
            self.identity = identity
            self.rateLimits = rateLimits
            self.agents = agents
            self.logs = logs
            self.scanPolicy = scanPolicy
            self.events = events
        }
    }

    public let dataDirectory: String
    public let configuration: Configuration
    public let database: Database
    public let rateLimiter: RateLimiter
    public let events: SecurityEventLog
    public let identity: IdentityService
    public let scanner: SecurityScanner
    public let agents: AgentService
    /// Agents as instances (seeds 000 and 003).
    public let instances: InstanceService
    public let logs: AgentLogs
    public let metricsWindow: MetricsWindow
    public let pipelines: PipelineService
    public let deployTimes = DeployTimes()
    public let host = HostResources()
    public let health: HealthService
    public let sessions: SessionService
    public let invocation: InvocationService
    private let housekeeping: BackgroundLoop
    private let sessionHousekeeping: BackgroundLoop

    public init(dataDirectory: String, configuration: Configuration = Configuration()) throws {
        self.dataDirectory = dataDirectory
        self.configuration = configuration
        let database = try Database(dataDirectory: dataDirectory)
        var limiter: RateLimiter?
        do {
            limiter = try RateLimiter(dataDirectory: dataDirectory)
            events = try SecurityEventLog(database: database, configuration: configuration.events)
            identity = try IdentityService(database: database, events: events, configuration: configuration.identity)
            scanner = SecurityScanner(
                advisories: try AdvisoryDatabase(database: database), scans: try ScanStore(database: database), events: events,
                policy: configuration.scanPolicy, limits: configuration.agents.limits)
            agents = AgentService(
                store: try AgentStore(database: database), identity: identity, secrets: try MasterKey.load(dataDirectory: dataDirectory),
                deployTimes: deployTimes, scanner: scanner, configuration: configuration.agents)
            logs = try AgentLogs(database: database, configuration: configuration.logs)
            metricsWindow = try MetricsWindow(database: database)
            pipelines = PipelineService(store: try PipelineStore(database: database), agents: agents, configuration: configuration.pipelines)
            sessions = SessionService(store: try SessionStore(database: database), agents: agents, configuration: configuration.sessions)
        } catch {
            limiter?.close()
            database.close()
            throw error
        }
        self.database = database
        rateLimiter = limiter!
        instances = InstanceService(agents: agents, catalog: configuration.instances)
        invocation = InvocationService(agents: agents, sessions: sessions, configuration: configuration.invocation)
        let sessions = self.sessions
        // Idle sessions expire, and a deleted agent's sessions go, within a minute.
        sessionHousekeeping = BackgroundLoop(name: "sessions", interval: 60) { _ = try? sessions.prune() }
        health = HealthService(database: database, agents: agents, advisories: scanner.advisories)
        _ = host.cpu()  // the baseline the first system metrics request measures from
        let pipelines = self.pipelines
        let (rateLimiter, events, scans, store) = (self.rateLimiter, self.events, scanner.scans, agents.store)
        housekeeping = BackgroundLoop(name: "housekeeping", interval: 300) {
            _ = try? rateLimiter.prune()
            _ = try? events.prune()
            _ = try? pipelines.prune()
            // A refused create's scan stays readable a week (its 422 names it), then goes.
            _ = try? scans.pruneOrphans(olderThan: Date().addingTimeInterval(-7 * 86_400)) { try store.load($0) != nil }
            _ = try? store.operations.prune(createdBefore: Date().addingTimeInterval(-OperationStore.retention))
        }
    }

    public func close() {
        housekeeping.stop()
        sessionHousekeeping.stop()
        logs.stop()
        metricsWindow.stop()
        pipelines.stop()
        rateLimiter.close()
        database.close()
    }
}

/// The rate limits per kind of caller (seed 001: 100 requests per 15 minutes, 20 per minute).
public struct RateLimitPolicies: Sendable, Equatable {
    public var user: RateLimitPolicy
    public var admin: RateLimitPolicy
    /// Failed authentications per client address: guessing keys is slow.
    public var failedAuthentication: RateLimitPolicy
    /// Seed 000's limit per key on `/v1/instances` and `/v1/operations`: 100 a minute, 20 a second.
    public var agentMetal = RateLimitPolicy(limit: 100, periodSeconds: 60, burst: 20, burstPeriodSeconds: 1)
    /// Seed 002's limits per operation on AgentOS's routes under `/api`, per key.
    public var agentOS = AgentOSRateLimits()

    public init(
        user: RateLimitPolicy = .seedDefault, admin: RateLimitPolicy = .seedDefault,
        failedAuthentication: RateLimitPolicy = RateLimitPolicy(limit: 30, periodSeconds: 900, burst: 10, burstPeriodSeconds: 60)
    ) {
        self.user = user
        self.admin = admin
        self.failedAuthentication = failedAuthentication
    }

    /// The policy of a caller: its key's own, else its role's.
    public func policy(for principal: Principal) -> RateLimitPolicy {
        principal.rateLimit ?? (principal.role == .admin ? admin : user)
    }
}
