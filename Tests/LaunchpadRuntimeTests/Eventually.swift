#if canImport(Glibc)
import Glibc
#endif

/// Polls `condition` every few milliseconds until it holds (true) or `timeout` passes (false).
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        usleep(5_000)
    }
}
