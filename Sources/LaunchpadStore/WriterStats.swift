/// Counters of a `Writer` since it started.
public struct WriterStats: Sendable, Equatable {
    /// Batches committed (or failed): one transaction and one fsync each.
    public var batches: Int = 0
    /// Write closures that ran to completion, successful or not.
    public var writes: Int = 0
    /// The most closures one batch held.
    public var largestBatch: Int = 0
    /// Times a batch was aborted, the map grown and the batch run again.
    public var replays: Int = 0
    /// Closures waiting in the queue right now.
    public var queued: Int = 0

    /// Creates zeroed counters.
    public init() {}
}
