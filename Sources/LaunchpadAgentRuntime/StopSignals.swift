#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT, taken with `sigwait` rather than a handler: blocked in the calling thread
/// (and so in every thread it starts afterwards), then waited for.
enum StopSignals {
    static let signals: [Int32] = [SIGTERM, SIGINT]

    /// Blocks the signals. Call before starting any thread, or one that has them unblocked could
    /// take the default action and kill the process.
    static func block() {
        // A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded
        // before sigwait could see it.
        for signal in signals { Glibc.signal(signal, SIG_DFL) }
        // Writes to a closed stdout pipe should fail, not kill the agent.
        Glibc.signal(SIGPIPE, SIG_IGN)
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for one of the signals (which must be blocked) and returns it.
    static func wait() -> Int32 {
        var set = signalSet()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }
}
