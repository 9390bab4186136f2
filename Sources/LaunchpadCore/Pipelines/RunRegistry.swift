import Foundation

/// The runs this process is driving, by id, and the invoker they use once one is attached.
final class RunRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var coordinators: [String: RunCoordinator] = [:]
    private var invoker: (any StepInvoker)?
    private var stopped = false

    func attach(_ invoker: any StepInvoker) {
        lock.withLock { self.invoker = invoker }
    }

    var currentInvoker: (any StepInvoker)? { lock.withLock { invoker } }

    /// Registers `coordinator`; false once stopped.
    func add(_ coordinator: RunCoordinator) -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            coordinators[coordinator.runId] = coordinator
            return true
        }
    }

    func remove(_ runId: String) {
        _ = lock.withLock { coordinators.removeValue(forKey: runId) }
    }

    func coordinator(_ runId: String) -> RunCoordinator? {
        lock.withLock { coordinators[runId] }
    }

    /// Every run driven here, for a stop; no run is added afterwards.
    func stopAll() -> [RunCoordinator] {
        lock.withLock {
            stopped = true
            return Array(coordinators.values)
        }
    }
}
