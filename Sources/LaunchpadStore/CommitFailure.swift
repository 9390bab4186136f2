/// A write batch that failed to commit, as `Writer.lastCommitFailure` reports it.
public struct CommitFailure: Sendable, Equatable {
    /// Why the commit failed (`ENOSPC`, `EROFS`, `EIO` ...).
    public var error: StoreError
    /// When it failed.
    public var at: ContinuousClock.Instant
    /// Whether a batch has committed since.
    public var recovered: Bool
}
