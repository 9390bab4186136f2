import Foundation

/// How one execution of a step ended, before it is written into its run.
struct StepOutcome: Sendable {
    var status: StepStatus
    var output: String?
    var usage = StepUsage()
    var error: String?
    var attempts = 0
    var startedAt: Date
    var endedAt: Date
}
