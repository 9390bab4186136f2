import Foundation

/// Polls `condition` every few milliseconds until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() {
            return true
        }
        usleep(5_000)
    }
    return try condition()
}
