import Foundation
import LaunchpadHTTP

/// A query's point in time (`since`), given as an ISO 8601 time or as an age (`45s`, `30m`, `1h`, `7d`).
enum RelativeTime {
    static func parse(_ text: String, field: String, now: Date = Date()) throws(HTTPError) -> Date {
        if let date = Timestamp.parse(text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let seconds = units[unit], let amount = Int(text.dropLast()), amount >= 0, amount <= 100 * 365 * 86_400 / Int(seconds) else {
            throw HTTPError.validation(field: field, "expected an ISO 8601 time or an age such as 45s, 30m, 1h or 7d, got '\(text)'")
        }
        return now.addingTimeInterval(-Double(amount) * seconds)
    }
}
