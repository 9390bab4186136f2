import Foundation
import LaunchpadCrypto
import LaunchpadDomain
import LaunchpadStore

/// Pipelines (AgentSpec) and workflows (AgentOS): definitions per owner, and their runs, driven
/// here and stored as they go. Steps invoke agents through the attached `StepInvoker`; until one is
/// attached, definitions cannot be checked nor runs started (`unavailable`).
public final class PipelineService: Sendable {
    public struct Configuration: Sendable {
        /// The most steps a pipeline may have.
        public var maxSteps: Int
        /// A step's timeout when it sets none.
        public var defaultTimeoutMs: Int
        /// How long ended runs are kept.
        public var runRetentionDays: Double
        /// The most steps running at once over all runs (more wait their turn).
        public var maxConcurrentSteps: Int
        /// The most pipelines one user may keep: definitions are the one pipeline record a caller
        /// makes that no retention removes.
        public var maxPipelinesPerUser = 100
        /// The most synchronous starts waiting for their runs at once (each holds a thread of the
        /// transport); past it a synchronous start is refused (`unavailable`, retry in a second).
        public var maxWaitingRuns = 256
        /// The most one user may have waiting at once; past it `limitExceeded`.
        public var maxWaitingRunsPerUser = 64

        public init(maxSteps: Int = 100, defaultTimeoutMs: Int = 120_000, runRetentionDays: Double = 7, maxConcurrentSteps: Int = 256) {
            self.maxSteps = maxSteps
            self.defaultTimeoutMs = defaultTimeoutMs
            self.runRetentionDays = runRetentionDays
            self.maxConcurrentSteps = maxConcurrentSteps
        }
    }

    public let configuration: Configuration
    public let store: PipelineStore
    let agents: AgentService
    private let registry = RunRegistry()
    private let waits: Slots
    private let steps: StepWorkers
    private let calls: StepWorkers

    public init(store: PipelineStore, agents: AgentService, configuration: Configuration = Configuration()) {
        self.store = store
        self.agents = agents
        self.configuration = configuration
        steps = StepWorkers(limit: configuration.maxConcurrentSteps)
        // Each step waits on one call at a time; a call that outlives its timeout holds its thread
        // until the invoker returns, hence the room.
        calls = StepWorkers(limit: configuration.maxConcurrentSteps * 2)
        waits = Slots(limit: configuration.maxWaitingRuns, limitPerUser: configuration.maxWaitingRunsPerUser, what: "synchronous runs waiting")
    }

    /// Connects the agents, then takes up the runs an earlier process left running: each goes on
    /// from its first step not completed, and its record says so. Returns how many were resumed.
    @discardableResult
    public func attach(_ invoker: any StepInvoker, now: Date = Date()) throws -> Int {
        registry.attach(invoker)
        var resumed = 0
        for var run in try store.runningRuns() where registry.coordinator(run.runId) == nil {
            for index in run.steps.indices where run.steps[index].status == .running {
                run.steps[index].status = .pending
                run.steps[index].startedAt = nil
            }
            run.resumes.append(RunResume(at: now, fromStep: run.steps.first { $0.status != .completed }?.name))
            let store = self.store
            let saved = run
            try store.database.writer.write { try store.save(saved, isNew: false, in: $0) }
            try drive(run, isStored: true)
            resumed += 1
        }
        return resumed
    }

    /// Throws `notFound` unless `reference` is one of the owner's agents, by name or by id.
    private func checkAgent(_ reference: String, ownerId: String) throws {
        _ = try agents.agent(named: reference, for: Self.owner(ownerId))
    }

    /// The owner as the agent service sees a caller: a USER, so that only its own agents are found.
    static func owner(_ ownerId: String) -> Principal {
        Principal(keyId: "pipeline", userId: ownerId, username: ownerId, role: .user)
    }

    private func invoker() throws -> any StepInvoker {
        guard let invoker = registry.currentInvoker else {
            throw DomainError(.unavailable, "Pipelines cannot run here: no invocation service is attached")
        }
        return invoker
    }

    /// A fresh name for a pipeline whose caller gave none: `prefix-` and ten hex digits.
    public static func generatedName(prefix: String) -> String {
        prefix + "-" + SecureRandom.hex(5)
    }

    public static func notFound(_ name: String) -> DomainError {
        DomainError.notFound(.pipeline, "Pipeline '\(name.prefix(128))' not found")
    }

    public static func runNotFound(_ runId: String) -> DomainError {
        DomainError.notFound(.run, "Run '\(runId.prefix(128))' not found")
    }

    // MARK: Definitions

    /// Stores `draft` as the caller's pipeline of that name: a new one, or (with `replacing`) over
    /// the one it has. Returns it and whether it is new. A name taken without `replacing` is a conflict.
    public func save(_ draft: PipelineDraft, by principal: Principal, replacing: Bool, now: Date = Date()) throws -> (PipelineDefinition, created: Bool) {
        let owner = principal.userId
        try PipelineRules.check(draft, maxSteps: configuration.maxSteps) { try self.checkAgent($0, ownerId: owner) }
        let store = self.store
        let fresh = PipelineDefinition(
            pipelineId: "pl-" + SecureRandom.hex(8), ownerId: owner, name: draft.name, title: draft.title, description: draft.description,
            steps: draft.steps, createdAt: now, updatedAt: now)
        let limit = configuration.maxPipelinesPerUser
        return try store.database.writer.write { transaction in
            var definition = fresh
            if let old = try store.definition(owner: owner, name: draft.name, in: transaction) {
                guard replacing else { throw DomainError(.conflict, "You already have a pipeline named '\(draft.name)'") }
                definition.pipelineId = old.pipelineId
                definition.createdAt = old.createdAt
            } else if try store.definitionCount(owner: owner, in: transaction) >= limit {
                throw DomainError(.limitExceeded, "Quota reached: at most \(limit) pipelines per user")
            }
            try store.save(definition, in: transaction)
            return (definition, definition.pipelineId == fresh.pipelineId)
        }
    }

    /// The caller's pipeline of that name; anyone else's is `notFound`.
    public func definition(named name: String, for principal: Principal) throws -> PipelineDefinition {
        guard !name.utf8.contains(0), let definition = try store.definition(owner: principal.userId, name: name) else { throw Self.notFound(name) }
        return definition
    }

    public func definitions(for principal: Principal) throws -> [PipelineDefinition] {
        try store.definitions(owner: principal.userId)
    }

    /// Deletes the caller's pipeline and its runs; runs under way are cancelled first.
    public func delete(named name: String, for principal: Principal) throws -> PipelineDefinition {
        let definition = try definition(named: name, for: principal)
        for run in try store.runningRuns() where run.pipelineId == definition.pipelineId {
            registry.coordinator(run.runId)?.cancel()
        }
        let store = self.store
        try store.database.writer.write { transaction in
            guard let current = try store.definition(owner: definition.ownerId, name: definition.name, in: transaction),
                  current.pipelineId == definition.pipelineId else { throw Self.notFound(name) }
            try store.remove(current, in: transaction)
        }
        return definition
    }

    // MARK: Runs

    /// Starts a run of the caller's pipeline. With `wait`, returns it once it has ended (or still
    /// `running` when the caller left first); else at once, `running`, to be polled.
    public func start(
        named name: String, input: String, variables: [String: String] = [:], by principal: Principal, wait: RunWait?, now: Date = Date()
    ) throws -> PipelineRun {
        try AgentRules.text(input, field: "input", max: 32_768)
        guard variables.count <= 32 else { throw DomainError.invalid(field: "variables", "must hold at most 32 entries") }
        for (key, value) in variables {
            try PipelineRules.stepName(key, field: "variables")
            try AgentRules.text(value, field: "variables.\(key)", max: 4096)
        }
        let definition = try definition(named: name, for: principal)
        _ = try invoker()
        let place = try wait.map { _ throws(DomainError) in try waits.take(for: principal.userId) }
        let run = PipelineRun(
            runId: "run-" + SecureRandom.hex(8), pipelineId: definition.pipelineId, pipelineName: definition.name, ownerId: definition.ownerId,
            status: .running, input: input, variables: variables, plan: definition.steps, steps: definition.steps.map { StepRun(name: $0.name) },
            output: nil, error: nil, startedAt: now, endedAt: nil, resumes: [])
        // The coordinator's first write inserts the run with its first steps started: one commit.
        let coordinator = try drive(run, isStored: false)
        guard let wait else { return run }
        wait.beforeWaiting()
        return withExtendedLifetime(place) { coordinator.waitUntilDone(unless: wait.callerLeft) }
    }

    @discardableResult
    private func drive(_ run: PipelineRun, isStored: Bool) throws -> RunCoordinator {
        let registry = self.registry
        let context = RunCoordinator.Context(
            store: store, invoker: try invoker(), steps: steps, calls: calls, defaultTimeoutMs: configuration.defaultTimeoutMs,
            ended: { registry.remove($0) })
        let coordinator = try RunCoordinator(run: run, isStored: isStored, context: context)
        guard registry.add(coordinator) else { throw DomainError(.unavailable, "Pipelines are stopping") }
        do {
            try coordinator.start()
        } catch {
            registry.remove(run.runId)
            throw error
        }
        return coordinator
    }

    /// The caller's run; anyone else's is `notFound`.
    public func run(_ runId: String, for principal: Principal) throws -> PipelineRun {
        guard !runId.utf8.contains(0), let run = try store.run(runId), run.ownerId == principal.userId else { throw Self.runNotFound(runId) }
        return run
    }

    /// A page of the runs of the caller's pipeline, newest first.
    public func runs(ofPipeline name: String, for principal: Principal, limit: Int, offset: Int) throws -> RunPage {
        let definition = try definition(named: name, for: principal)
        return try store.runs(of: definition.pipelineId, limit: limit, offset: offset)
    }

    /// Cancels the caller's run if it is running, and returns it as it ended.
    public func cancel(_ runId: String, for principal: Principal) throws -> PipelineRun {
        let run = try run(runId, for: principal)
        guard run.status == .running, let coordinator = registry.coordinator(runId) else { return run }
        coordinator.cancel()
        return coordinator.waitUntilDone(unless: { false })
    }

    /// Deletes the runs that ended and started longer ago than the retention.
    @discardableResult
    public func prune(now: Date = Date()) throws -> Int {
        try store.prune(startedBefore: now.addingTimeInterval(-configuration.runRetentionDays * 86_400))
    }

    /// Stops driving runs without ending them: they stay `running` in the store, for the next start
    /// to resume. Waits for the steps under way to return.
    public func stop() {
        let coordinators = registry.stopAll()
        for coordinator in coordinators { coordinator.stop() }
        steps.stop()
        calls.stop()
        for coordinator in coordinators { coordinator.abandon() }
    }
}
