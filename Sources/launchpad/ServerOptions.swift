import ArgumentParser
import Foundation
import LaunchpadAPI
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP
import LaunchpadKubernetesRuntime
import LaunchpadLocalRuntime
import Logging

/// Options shared by `serve` and `up`.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (environment: LAUNCHPAD_DATA).")
    var data: String = ProcessInfo.processInfo.environment["LAUNCHPAD_DATA"] ?? "./data"

    @Option(name: .long, help: "How FastCGI is served: event-loop (a few threads on one epoll set over every connection from nginx) or thread-per-connection (libfcgi, a blocking accept thread per connection).")
    var transport: Transport = .eventLoop

    @Option(name: .long, help: "FastCGI threads: with the event loop, the threads waiting on every connection (default two per core, at least 4); with a thread per connection, the accept threads, more than nginx's upstream keepalive (default 64).")
    var threads: Int?

    /// `--threads`, or its default for `--transport`.
    var threadCount: Int { threads ?? transport.defaultThreads }

    @Option(name: .long, help: "Largest request body in bytes (413 above it).")
    var maxBodyBytes: Int = 1 << 20

    @Option(name: .long, help: "Largest request body in bytes sent to an agent's url (413 above it); it streams to the replica, not through launchpad.")
    var agentMaxBodyBytes: Int = 64 << 20

    @Option(name: .long, help: "Rate limit of USER keys: requests per period, and optionally a burst (seed 001: 100/15m,20/1m).")
    var rateLimit: String = "100/15m,20/1m"

    @Option(name: .long, help: "Rate limit of ADMIN keys.")
    var adminRateLimit: String = "100/15m,20/1m"

    @Option(name: .long, help: "Failed authentications allowed per client address before it is refused.")
    var authFailureLimit: String = "30/15m,10/1m"

    @Option(name: .long, help: "Default lifetime of a new API key, in days.")
    var keyLifetimeDays: Int = 365

    @Option(name: .long, help: "Replica command; {launchpad}, {character}, {port}, {agentId} and {dir} are replaced (an elizaOS install: 'elizaos start --character {character}').")
    var agentCommand: String = "{launchpad} agent-runtime --character {character}"

    @Option(name: .long, help: "Requests per key on AgentMetal's /v1/instances and /v1/operations (seed 000: 100 a minute, 20 a second).")
    var instanceRateLimit: String = "100/1m,20/1s"

    @Option(name: .long, help: "An AgentOS limit per key on its routes under /api, OPERATION=POLICY with read, write, message or workflow-run (seed 002: read=200/1h, write=100/1h, message=60/1h, workflow-run=100/1h); repeatable.")
    var agentosRateLimit: [String] = []

    @Option(name: .long, help: "An instance size preset, name=cpu,memory (cx21=500m,512Mi); repeatable; adds to or replaces the defaults cx11 to cx51.")
    var instanceType: [String] = []

    @Option(name: .long, help: "An instance image, name=command template (as --agent-command); repeatable; 'reference' is the reference agent.")
    var instanceImage: [String] = []

    @Option(name: .long, help: "Seconds without a passed health check after which a ready replica is restarted.")
    var heartbeatTimeout: Double = 90

    @Option(name: .long, help: "Replica exits within 5 minutes that make an agent FAILED.")
    var crashLimit: Int = 5

    @Option(name: .long, help: "First wait before restarting a crashed replica, in seconds (doubles up to 60).")
    var restartBackoff: Double = 1

    @Option(name: .long, help: "Token that opens GET /metrics (environment: LAUNCHPAD_METRICS_TOKEN; default: the one in <data>/metrics.token, made on first start).")
    var metricsToken: String = ProcessInfo.processInfo.environment["LAUNCHPAD_METRICS_TOKEN"] ?? ""

    @Option(name: .long, help: "User ids for the agents' replicas, one per agent (FIRST-LAST), or 'off' to run them as launchpad's user. Needs root.")
    var agentUidRange: String = "\(IsolationSettings.defaultUserIds.lowerBound)-\(IsolationSettings.defaultUserIds.upperBound)"

    @Option(name: .long, help: "Processes and threads per replica (the cgroup's pids.max).")
    var agentMaxProcesses: Int = 512

    @Flag(name: .long, inversion: .prefixedNo, help: "Put each replica in a cgroup with its agent's CPU and memory (cgroup v2, else v1).")
    var agentCgroups: Bool = true

    @Option(name: .long, help: "Admission: the memory of every agent's replicas may add up to the host's memory times this.")
    var memoryOvercommit: Double = 1

    @Option(name: .long, help: "The group that may connect to the FastCGI socket (nginx's workers'), when launchpad runs as root.")
    var socketGroup: String = "www-data"

    @Option(name: .long, help: "Seconds between reads of each replica's CPU and memory.")
    var metricsInterval: Double = 5

    @Option(name: .long, help: "Log lines kept per agent.")
    var logLinesPerAgent: Int = 10_000

    @Option(name: .long, help: "Days of log lines kept per agent.")
    var logRetentionDays: Double = 7

    @Option(name: .long, help: "Concurrent log followers (follow=true); more get 429. Each holds a thread outside the --threads pool while it lasts.")
    var maxLogFollowers: Int = 16

    @Option(name: .long, help: "Follow streams one API key may hold at once.")
    var maxLogFollowersPerKey: Int = 4

    @Option(name: .long, help: "Follow streams one user may hold at once, all their keys together.")
    var maxLogFollowersPerUser: Int = 8

    @Option(name: .long, help: "Seconds a follow stream lasts before the server ends it (the client reconnects with Last-Event-ID).")
    var maxStreamSeconds: Double = 3600

    @Option(name: .long, help: "Agents per user.")
    var maxAgentsPerUser: Int = 20

    @Option(name: .long, help: "Replicas per user, over all of that user's agents.")
    var maxReplicasPerUser: Int = 40

    @Option(name: .long, help: "An agent's public address; {agentId} is replaced.")
    var agentUrl: String = "http://{agentId}.agents.localhost"

    @Option(name: .long, help: "OSV advisories to import at start, as 'launchpad advisories import' does (repeatable).")
    var advisories: [String] = []

    @Option(name: .long, help: "Scan findings that block create, update and restart: LOW, MEDIUM, HIGH, CRITICAL or NONE (never block).")
    var scanBlockAt: String = "CRITICAL"

    @Option(name: .long, help: "Scan findings that deploy with a warning event: LOW, MEDIUM, HIGH or CRITICAL.")
    var scanWarnAt: String = "HIGH"

    @Option(name: .long, help: "Security events kept at most; the oldest go first.")
    var maxSecurityEvents: Int = 100_000

    @Option(name: .long, help: "Days a security event is kept.")
    var securityEventRetentionDays: Double = 90

    @Option(name: .long, help: "Days an ended pipeline run is kept.")
    var pipelineRunRetentionDays: Double = 7

    @Option(name: .long, help: "Synchronous pipeline and workflow runs waited for at once; more get 503. Each holds a thread outside the --threads pool while its client waits.")
    var maxWaitingRuns: Int = 256

    @Option(name: .long, help: "Synchronous runs one user may wait for at once, all their keys together; more get 429 (start them asynchronously instead).")
    var maxWaitingRunsPerUser: Int = 64

    @Option(name: .long, help: "Proxies in front of nginx whose X-Forwarded-For names the client (CIDR ranges, comma-separated); none by default.")
    var trustedProxies: String = ""

    @Option(name: .long, help: "Where agents run: local (child processes) or kubernetes (a Deployment each).")
    var runtime: String = "local"

    @Option(name: .long, help: "With --runtime kubernetes: the kubeconfig to use (default: the pod's service account).")
    var kubeconfig: String?

    @Option(name: .long, help: "With --runtime kubernetes: the namespace of the agents (default: the kubeconfig's or the pod's, else default).")
    var kubernetesNamespace: String?

    @Option(name: .long, help: "With --runtime kubernetes: the instance label on everything this launchpad makes; another launchpad in the namespace needs another.")
    var kubernetesInstance: String = "launchpad"

    @Option(name: .long, help: "With --runtime kubernetes: the agents' image.")
    var agentImage: String = KubernetesReplicaDriver.Configuration.referenceAgentImage

    @Option(name: .long, help: "With --runtime kubernetes: how invocations reach the pods: direct (their IPs: launchpad in the cluster or on its pod network) or proxy (the API server's pod proxy); default: direct with the pod's service account, proxy with --kubeconfig.")
    var kubernetesPodNetwork: String?

    @Option(name: .long, help: "With --runtime kubernetes: the port the agents listen on in their pods (PORT).")
    var kubernetesAgentPort: Int = 8080

    @Option(name: .long, help: "Messages of a session an agent receives with each turn.")
    var sessionHistory: Int = 50

    @Option(name: .long, help: "Minutes after which an unused session is gone.")
    var sessionIdleMinutes: Double = 30

    @Option(name: .long, help: "Sessions each agent keeps; past it, the least recently used goes.")
    var maxSessionsPerAgent: Int = 10_000

    @Option(name: .long, help: "Seconds an agent has for a whole reply, or for a stream's first event.")
    var agentReplySeconds: Double = 60

    @Option(name: .long, help: "Seconds an agent's stream may last before it is cut off.")
    var agentStreamSeconds: Double = 600

    @Option(name: .long, help: "Agent replies open at once through the API, streamed or waited for whole; more get 503. Each holds a thread outside the --threads pool while it lasts.")
    var maxStreams: Int = 1024

    @Option(name: .long, help: "Agent replies open at once for one user, all their keys together; more get 429, so that one tenant cannot take every --max-streams place.")
    var maxStreamsPerUser: Int = 256

    @Option(name: .long, help: "An origin whose browser pages may call the API (CORS), such as https://app.example.com; repeat for more, '*' for any. None by default.")
    var corsOrigin: [String] = []

    @Flag(name: .long, help: "Log a line per request (launchpad.access, at info): off by default, as nginx keeps an access log of its own.")
    var accessLog: Bool = false

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["LAUNCHPAD_LOG_LEVEL"] ?? "info"

    /// The data directory as an absolute path (nginx needs absolute paths).
    var dataDirectory: String {
        let url = URL(fileURLWithPath: data, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    var socketPath: String { (dataDirectory as NSString).appendingPathComponent("launchpad.sock") }

    /// Threads that may leave the FastCGI pool: every long answer the application allows (agents'
    /// replies, log followers, synchronous runs) and the kept-alive connections they were on (fewer
    /// than the pool).
    var maxStreamThreads: Int { maxStreams + maxLogFollowers + maxWaitingRuns + threadCount }

    var agentsDirectory: String { (dataDirectory as NSString).appendingPathComponent("agents") }

    /// `--metrics-token`, or the token kept in the data directory (made on first start).
    func resolvedMetricsToken() throws -> String {
        metricsToken.isEmpty ? try MetricsToken.load(dataDirectory: dataDirectory) : metricsToken
    }

    func applicationConfiguration() throws -> Application.Configuration {
        var configuration = Application.Configuration(maxBodySize: maxBodyBytes, metricsToken: try resolvedMetricsToken())
        // validate() has parsed it already.
        configuration.trustedProxies = (try? TrustedProxies.parse(trustedProxies).get()) ?? .none
        configuration.corsOrigins = corsOrigin
        configuration.accessLog = accessLog
        configuration.agentMaxBodySize = agentMaxBodyBytes
        return configuration
    }

    func isolationSettings() throws -> IsolationSettings {
        IsolationSettings(userIds: try Self.userIds(agentUidRange), maxProcesses: agentMaxProcesses, cgroups: agentCgroups)
    }

    /// `FIRST-LAST`, or nil for `off`.
    static func userIds(_ text: String) throws -> ClosedRange<UInt32>? {
        if text == "off" { return nil }
        let bounds = text.split(separator: "-").compactMap { UInt32($0) }
        guard bounds.count == 2, bounds[0] >= 1000, bounds[0] <= bounds[1] else {
            throw ValidationError("--agent-uid-range must be FIRST-LAST (ids of no existing user, from 1000) or off")
        }
        return bounds[0]...bounds[1]
    }

    /// The group id of `--socket-group` when launchpad runs as root (otherwise the socket keeps this
    /// process's group, as only root may give a file away).
    func socketGroupId() throws -> UInt32? {
        guard geteuid() == 0 else { return nil }
        guard let group = getgrnam(socketGroup) else { throw ValidationError("--socket-group: no group named '\(socketGroup)'") }
        return group.pointee.gr_gid
    }

    func servicesConfiguration() throws -> Services.Configuration {
        func policy(_ text: String, _ flag: String) throws -> RateLimitPolicy {
            do {
                return try RateLimitPolicy(parsing: text)
            } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
        guard sessionHistory >= 1, sessionIdleMinutes > 0, maxSessionsPerAgent >= 1, agentReplySeconds > 0, agentStreamSeconds > 0 else {
            throw ValidationError("--session-history, --session-idle-minutes, --max-sessions-per-agent, --agent-reply-seconds and --agent-stream-seconds must be positive")
        }
        var configuration = Services.Configuration(
            identity: .init(defaultLifetimeDays: keyLifetimeDays),
            rateLimits: RateLimitPolicies(
                user: try policy(rateLimit, "--rate-limit"),
                admin: try policy(adminRateLimit, "--admin-rate-limit"),
                failedAuthentication: try policy(authFailureLimit, "--auth-failure-limit")),
            agents: .init(
                limits: AgentLimits(agentsPerUser: maxAgentsPerUser, replicasPerUser: maxReplicasPerUser), urlTemplate: agentUrl,
                memoryOvercommit: memoryOvercommit, admitsOnHostMemory: runtime == "local"),
            logs: .init(
                maxEntriesPerAgent: logLinesPerAgent, maxAge: logRetentionDays * 86_400, maxFollowers: maxLogFollowers,
                maxFollowersPerKey: maxLogFollowersPerKey, maxFollowersPerUser: maxLogFollowersPerUser, maxStreamLifetime: maxStreamSeconds),
            scanPolicy: try scanPolicy(),
            events: .init(maxEvents: maxSecurityEvents, maxAge: securityEventRetentionDays * 86_400))
        configuration.instances = try instanceCatalog()
        guard pipelineRunRetentionDays > 0 else { throw ValidationError("--pipeline-run-retention-days must be positive") }
        configuration.pipelines.runRetentionDays = pipelineRunRetentionDays
        guard maxWaitingRuns > 0, maxWaitingRunsPerUser > 0 else { throw ValidationError("--max-waiting-runs and --max-waiting-runs-per-user must be positive") }
        configuration.pipelines.maxWaitingRuns = maxWaitingRuns
        configuration.pipelines.maxWaitingRunsPerUser = maxWaitingRunsPerUser
        configuration.sessions = .init(historyLimit: sessionHistory, idleTimeoutSeconds: sessionIdleMinutes * 60, maxPerAgent: maxSessionsPerAgent)
        configuration.invocation = .init(timeouts: .init(replySeconds: agentReplySeconds, streamSeconds: agentStreamSeconds), maxStreams: maxStreams,
            maxStreamsPerUser: maxStreamsPerUser)
        configuration.rateLimits.agentMetal = try policy(instanceRateLimit, "--instance-rate-limit")
        for text in agentosRateLimit {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let operation = AgentOSRateLimits.Operation(rawValue: String(parts[0])) else {
                throw ValidationError("--agentos-rate-limit '\(text)': expected OPERATION=POLICY with read, write, message or workflow-run, such as message=60/1h")
            }
            configuration.rateLimits.agentOS.set(operation, try policy(String(parts[1]), "--agentos-rate-limit \(operation.rawValue)"))
        }
        return configuration
    }

    /// The size presets (the defaults and `--instance-type`) and images (`reference` and `--instance-image`).
    func instanceCatalog() throws -> InstanceCatalog {
        var catalog = InstanceCatalog()
        for text in instanceType {
            guard let (name, size) = InstanceCatalog.parseType(text) else {
                throw ValidationError("--instance-type '\(text)': expected name=cpu,memory, such as cx21=500m,512Mi")
            }
            catalog.types[name] = size
        }
        catalog.images.formUnion(try instanceImages().keys)
        return catalog
    }

    /// `--instance-image` as image name → command template.
    func instanceImages() throws -> [String: String] {
        var images: [String: String] = [:]
        for text in instanceImage {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--instance-image '\(text)': expected name=command template")
            }
            images[String(parts[0])] = String(parts[1])
        }
        return images
    }

    func scanPolicy() throws -> ScanPolicy {
        let block = scanBlockAt.uppercased()
        guard block == "NONE" || Severity(rawValue: block) != nil else { throw ValidationError("--scan-block-at must be LOW, MEDIUM, HIGH, CRITICAL or NONE") }
        guard let warn = Severity(rawValue: scanWarnAt.uppercased()) else { throw ValidationError("--scan-warn-at must be LOW, MEDIUM, HIGH or CRITICAL") }
        return ScanPolicy(blockAt: Severity(rawValue: block), warnAt: warn)
    }

    /// The kubernetes driver: credentials from --kubeconfig or the pod's service account.
    func kubernetesDriver(log: @escaping @Sendable (ReplicaLogLine) -> Void) throws -> KubernetesReplicaDriver {
        let credentials = try kubeconfig.map { try KubernetesCredentials.kubeconfig(at: $0) } ?? KubernetesCredentials.inCluster()
        var configuration = KubernetesReplicaDriver.Configuration(namespace: kubernetesNamespace ?? credentials.namespace ?? "default")
        configuration.instance = kubernetesInstance
        configuration.image = agentImage
        configuration.port = kubernetesAgentPort
        configuration.podNetwork = kubernetesPodNetwork.flatMap { .init(rawValue: $0) } ?? (kubeconfig == nil ? .direct : .proxy)
        return KubernetesReplicaDriver(client: try KubernetesClient(credentials: credentials), configuration: configuration, log: log)
    }

    func validate() throws {
        guard runtime == "local" || runtime == "kubernetes" else { throw ValidationError("--runtime must be local or kubernetes") }
        guard !kubernetesInstance.isEmpty, kubernetesInstance.count <= 63, kubernetesInstance.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw ValidationError("--kubernetes-instance must be a label value: up to 63 letters, digits, '-', '.' or '_'")
        }
        guard (1...65535).contains(kubernetesAgentPort) else { throw ValidationError("--kubernetes-agent-port must be from 1 to 65535") }
        if let kubernetesPodNetwork, KubernetesReplicaDriver.Configuration.PodNetwork(rawValue: kubernetesPodNetwork) == nil {
            throw ValidationError("--kubernetes-pod-network must be direct or proxy")
        }
        guard threadCount >= 2 else { throw ValidationError("--threads must be at least 2") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard agentMaxBodyBytes >= 1024 else { throw ValidationError("--agent-max-body-bytes must be at least 1024") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        guard (1...3650).contains(keyLifetimeDays) else { throw ValidationError("--key-lifetime-days must be from 1 to 3650") }
        guard maxSecurityEvents >= 1, securityEventRetentionDays > 0 else { throw ValidationError("--max-security-events and --security-event-retention-days must be positive") }
        guard maxAgentsPerUser >= 0, maxReplicasPerUser >= 0 else { throw ValidationError("quotas must not be negative") }
        guard heartbeatTimeout >= 1 else { throw ValidationError("--heartbeat-timeout must be at least 1 second") }
        guard crashLimit >= 1, restartBackoff > 0, restartBackoff <= 60 else { throw ValidationError("--crash-limit must be at least 1 and --restart-backoff from 0 to 60 seconds") }
        guard !agentCommand.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--agent-command must not be empty") }
        guard agentUrl.contains("{agentId}") else { throw ValidationError("--agent-url must contain {agentId}") }
        guard metricsInterval >= 0.1 else { throw ValidationError("--metrics-interval must be at least 0.1 seconds") }
        guard maxLogFollowersPerKey >= 1, maxLogFollowersPerUser >= 1, maxStreamSeconds >= 1 else {
            throw ValidationError("--max-log-followers-per-key, --max-log-followers-per-user and --max-stream-seconds must be at least 1")
        }
        guard logLinesPerAgent >= 1, logRetentionDays > 0, maxLogFollowers >= 0 else { throw ValidationError("log retention and followers must be positive") }
        guard (1...100_000).contains(maxStreams) else { throw ValidationError("--max-streams must be from 1 to 100000") }
        guard maxStreamsPerUser >= 1 else { throw ValidationError("--max-streams-per-user must be positive") }
        guard agentMaxProcesses >= 8 else { throw ValidationError("--agent-max-processes must be at least 8") }
        guard memoryOvercommit > 0 else { throw ValidationError("--memory-overcommit must be positive") }
        _ = try isolationSettings()
        _ = try servicesConfiguration()
        if case .failure(let error) = TrustedProxies.parse(trustedProxies) { throw ValidationError("--trusted-proxies: \(error)") }
    }

    func bootstrapLogging() {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Creates the data directory if it is missing, and checks that it can be written: a
    /// read-only one stops the start at once, with one line naming it, before anything opens.
    func makeDataDirectory() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw DataDirectoryError(directory: dataDirectory, problem: "it is a file, not a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch let error as CocoaError {
            let underlying = (error.userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
            throw DataDirectoryError(directory: dataDirectory, problem: underlying ?? error.localizedDescription)
        }
        // access(2) reports EROFS for root too, who is otherwise exempt from permission bits.
        guard access(dataDirectory, W_OK) == 0 else {
            throw DataDirectoryError(directory: dataDirectory, problem: String(cString: strerror(errno)))
        }
    }
}
