#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Blocks the stop signals in every thread (call before starting any), then waits for one with sigwait.
enum SignalWaiter {
    static let stopSignals: [Int32] = [SIGINT, SIGTERM]

    /// Blocks `signals` in this thread and in every thread it starts afterwards.
    static func block(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for one of `signals` (which must be blocked) and returns it.
    static func wait(for signals: [Int32]) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    /// Waits up to `timeout` for one of `signals` (which must be blocked); nil when none came.
    static func wait(for signals: [Int32], timeout: TimeInterval) -> Int32? {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let clamped = max(0, min(timeout, 3600))
        var time = timespec(tv_sec: Int(clamped), tv_nsec: Int((clamped - clamped.rounded(.down)) * 1e9))
        while true {
            let received = sigtimedwait(&set, nil, &time)
            if received > 0 { return received }
            if errno != EINTR { return nil }
        }
    }
}
