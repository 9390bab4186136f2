import Dispatch

/// One caller's closure waiting in the writer's queue, and where its outcome goes.
///
/// The caller blocks on `done` from enqueueing until the writer signals it, so the writer thread
/// is the only one touching `apply` and `error` in between: the hand-off is what makes this
/// class safe to send.
final class WriteRequest: @unchecked Sendable {
    /// Runs the caller's closure and stores its result where the caller will read it.
    let apply: (WriteTransaction) throws -> Void
    /// The closure's error, or the batch's commit error; nil on success.
    var error: Error?
    let done = DispatchSemaphore(value: 0)

    init(_ apply: @escaping (WriteTransaction) throws -> Void) {
        self.apply = apply
    }
}
