import Foundation

/// The metadata every object has, as far as the driver reads it.
struct ObjectMeta: Decodable, Sendable, Equatable {
    var name: String
    var namespace: String?
    var uid: String?
    var resourceVersion: String?
    var generation: Int?
    var labels: [String: String]?
    var annotations: [String: String]?
    var creationTimestamp: String?
    var deletionTimestamp: String?
}

/// RFC 3339 times as the API server writes them (whole seconds, UTC).
enum KubernetesTime {
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
