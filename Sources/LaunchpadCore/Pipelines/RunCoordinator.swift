import Foundation
import LaunchpadDomain
import LaunchpadStore

/// Drives one run: starts each step once the steps it depends on have ended (those ready together
/// run in parallel), writes each step's start and result into the run's record as they happen, and
/// ends the run when no step is left, when one fails, or when it is cancelled.
///
/// Every change to the run and its commit happen under `lock`, so that the record is written in the
/// order things happened; the steps themselves run outside it, on the step workers.
final class RunCoordinator: @unchecked Sendable {
    struct Context: Sendable {
        var store: PipelineStore
        var invoker: any StepInvoker
        var steps: StepWorkers
        var calls: StepWorkers
        var defaultTimeoutMs: Int
        /// Called once the run has ended (or launchpad stops), to forget it.
        var ended: @Sendable (String) -> Void
    }

    private let lock = NSLock()
    private let context: Context
    private var run: PipelineRun
    private let dependencies: [[Int]]
    private let templates: [PipelineTemplate?]
    private let cancellation = StepCancellation()
    private var inFlight = 0
    /// Why the run is ending early: a failed step, a cancel, a stop of launchpad.
    private var ending: Ending?
    private let done = DispatchSemaphore(value: 0)
    private var isDone = false
    /// A step's result not yet written: it goes with the next write (the next steps' start, or the
    /// run's end), so that a sequential run costs one commit per step.
    private var dirty = false
    /// Whether the run's record exists: a new run's first write is its insert, with its first steps'
    /// start, so that starting a run costs one commit.
    private var isStored: Bool
    /// Why the last write failed, for `start` to report when the first one did.
    private var commitError: (any Error)?
    private var encoder = RunRecordEncoder()

    enum Ending {
        case failed(String)
        case cancelled
        /// launchpad stops: the run stays `running` in the store, for the next start to resume.
        case stopping
    }

    var runId: String { run.runId }

    init(run: PipelineRun, isStored: Bool, context: Context) throws {
        self.run = run
        self.isStored = isStored
        self.context = context
        var positions: [String: Int] = [:]
        for (index, step) in run.plan.enumerated() { positions[step.name] = index }
        dependencies = try PipelineRules.dependencies(of: run.plan, positions: positions)
        templates = try run.plan.enumerated().map { index, step in try step.input.map { try PipelineTemplate($0, field: "steps[\(index)].input") } }
    }

    /// Starts the steps that are ready, writing the run's record with them. Throws when a run not yet
    /// stored could not be written: it is then not driven.
    func start() throws {
        lock.lock()
        defer { lock.unlock() }
        schedule()
        guard isStored else { throw commitError ?? DomainError(.unavailable, "The run could not be stored") }
    }

    /// Ends the run as `cancelled`: the steps in flight are told to stop, those not started are skipped.
    func cancel() {
        endEarly(.cancelled)
    }

    /// launchpad stops: the steps in flight are told to stop and nothing more is written.
    func stop() {
        endEarly(.stopping)
    }

    private func endEarly(_ reason: Ending) {
        lock.lock()
        if ending == nil { ending = reason }
        cancellation.cancel()
        let finishNow = inFlight == 0 && !isDone
        if finishNow { finish() }
        lock.unlock()
    }

    /// Lets go of the callers waiting for the run (launchpad stopped before it ended).
    func abandon() {
        lock.lock()
        defer { lock.unlock() }
        guard !isDone else { return }
        isDone = true
        done.signal()
    }

    /// Waits until the run has ended and returns it as it ended; or, as soon as `callerLeft` says so
    /// (asked every quarter of a second), returns it as it is.
    func waitUntilDone(unless callerLeft: () -> Bool) -> PipelineRun {
        while done.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            if callerLeft() { break }
        }
        lock.lock()
        defer { lock.unlock() }
        if isDone { done.signal() }
        return run
    }

    // MARK: Under the lock

    private func schedule() {
        guard ending == nil else {
            if inFlight == 0, !isDone {
                finish()
            } else if dirty, case .failed = ending {
                _ = commit()
            }
            return
        }
        var started: [(index: Int, execution: StepExecution)] = []
        for index in run.steps.indices where run.steps[index].status == .pending {
            guard dependencies[index].allSatisfy({ run.steps[$0].status.isFinished }) else { continue }
            run.steps[index].status = .running
            run.steps[index].startedAt = Date()
            started.append((index, execution(of: index)))
        }
        if started.isEmpty {
            if inFlight == 0, !isDone {
                finish()
            } else if dirty {
                _ = commit()
            }
            return
        }
        guard commit() else { return }
        inFlight += started.count
        for (index, execution) in started {
            context.steps.submit { [self] in
                let outcome = execution.execute()
                stepEnded(index, outcome)
            }
        }
    }

    private func execution(of index: Int) -> StepExecution {
        let step = run.plan[index]
        var outputs: [String: String] = [:]
        for (position, stepRun) in run.steps.enumerated() where stepRun.status == .completed { outputs[run.plan[position].name] = stepRun.output }
        let upstream = dependencies[index].compactMap { run.steps[$0].output }
        let fromDependencies = dependencies[index].isEmpty ? run.input : upstream.joined(separator: "\n\n")
        let input = templates[index]?.render(input: run.input, variables: run.variables, outputs: outputs) ?? fromDependencies
        return StepExecution(
            step: step, runId: run.runId, ownerId: run.ownerId, input: input, conditionSource: fromDependencies,
            defaultTimeoutMs: context.defaultTimeoutMs, invoker: context.invoker, calls: context.calls, cancellation: cancellation)
    }

    private func stepEnded(_ index: Int, _ outcome: StepOutcome) {
        lock.lock()
        defer { lock.unlock() }
        inFlight -= 1
        if case .stopping = ending { return schedule() }
        var stepRun = run.steps[index]
        stepRun.status = outcome.status
        stepRun.output = outcome.output
        stepRun.usage = outcome.usage
        stepRun.error = outcome.error
        stepRun.attempts = outcome.attempts
        stepRun.startedAt = outcome.startedAt
        stepRun.endedAt = outcome.endedAt
        stepRun.durationMs = Int((outcome.endedAt.timeIntervalSince(outcome.startedAt) * 1000).rounded())
        run.steps[index] = stepRun
        if outcome.status == .completed, let variable = run.plan[index].outputVariable { run.variables[variable] = outcome.output }
        if outcome.status == .failed, ending == nil {
            ending = .failed("step '\(stepRun.name)' failed: \(outcome.error ?? "unknown error")")
            cancellation.cancel()
        }
        dirty = true
        schedule()
    }

    /// Ends the run: the steps not started are skipped, the status and output set, the record written.
    private func finish() {
        isDone = true
        if case .stopping = ending {
            context.ended(run.runId)
            done.signal()
            return
        }
        for index in run.steps.indices where !run.steps[index].status.isFinished {
            run.steps[index].status = .skipped
        }
        switch ending {
        case .none:
            run.status = .completed
        case .failed(let message):
            run.status = .failed
            run.error = message
        case .cancelled:
            run.status = .cancelled
            run.error = "cancelled"
        case .stopping:
            break
        }
        run.output = run.steps.last { $0.status == .completed }?.output
        run.endedAt = Date()
        _ = commit()
        context.ended(run.runId)
        done.signal()
    }

    /// Writes the run; false (and the run abandoned) when its record has gone: its pipeline was deleted.
    private func commit() -> Bool {
        let (store, run) = (context.store, self.run)
        do {
            let encoded = try encoder.encode(run)
            let isNew = !isStored
            let exists = try store.database.writer.write { transaction in
                guard isNew else { return try store.update(run, encoded: encoded, in: transaction) }
                try store.save(run, encoded: encoded, isNew: true, in: transaction)
                return true
            }
            if exists {
                dirty = false
                isStored = true
                return true
            }
        } catch {
            // The store refused (full, stopping): the run stays as last written, to be resumed.
            commitError = error
        }
        if ending == nil { ending = .stopping }
        cancellation.cancel()
        if inFlight == 0, !isDone {
            isDone = true
            context.ended(self.run.runId)
            done.signal()
        }
        return false
    }
}
