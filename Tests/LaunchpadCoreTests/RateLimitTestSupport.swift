import Foundation

/// The fixed instant the rate-limit tests start at, on a whole second: 2023-11-14T22:13:20Z.
let rateLimitEpoch = Date(timeIntervalSince1970: 1_700_000_000)

/// `rateLimitEpoch` plus `seconds`.
func rateLimitTime(_ seconds: Double) -> Date {
    rateLimitEpoch.addingTimeInterval(seconds)
}
