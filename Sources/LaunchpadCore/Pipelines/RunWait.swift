/// How a synchronous start waits for its run to end. The wait holds one of the caller's places
/// among `PipelineService.Configuration.maxWaitingRuns`; the run itself goes on on the step
/// workers whether anyone waits or not.
public struct RunWait: Sendable {
    /// Called once the run has started, just before the wait (the transport lets the request's
    /// thread out of its pool).
    public var beforeWaiting: @Sendable () -> Void
    /// Asked a few times a second while waiting: true ends the wait early and the start returns
    /// the run still `running` (the caller has gone; nobody reads the answer).
    public var callerLeft: @Sendable () -> Bool

    public init(beforeWaiting: @escaping @Sendable () -> Void, callerLeft: @escaping @Sendable () -> Bool) {
        self.beforeWaiting = beforeWaiting
        self.callerLeft = callerLeft
    }

    /// Waits until the run ends, with no caller to watch (in process).
    public static let untilDone = RunWait(beforeWaiting: {}, callerLeft: { false })
}
