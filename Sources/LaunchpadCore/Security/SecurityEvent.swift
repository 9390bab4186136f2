import Foundation
import LaunchpadCrypto

/// One security event, as stored.
public struct SecurityEvent: Codable, Sendable, Equatable {
    public var id: String
    public var type: SecurityEventType
    public var severity: Severity
    public var agentId: String?
    public var message: String
    public var timestamp: Date
    public var details: [String: String]

    public init(id: String, type: SecurityEventType, severity: Severity, agentId: String? = nil, message: String, timestamp: Date, details: [String: String] = [:]) {
        self.id = id
        self.type = type
        self.severity = severity
        self.agentId = agentId
        self.message = message
        self.timestamp = timestamp
        self.details = details
    }

    /// `event-` and 12 random hexadecimal digits.
    public static func makeId() -> String {
        "event-" + SecureRandom.hex(6)
    }

    /// The longest message, detail name and detail value stored, and the most details: an event
    /// a request causes must not store what the request sent, whatever its size.
    public static let maxMessageCharacters = 500
    public static let maxDetailNameCharacters = 64
    public static let maxDetailValueCharacters = 256
    public static let maxDetails = 16

    /// The event with every field cut to its bound (a cut value ends with `…`).
    public func bounded() -> SecurityEvent {
        var event = self
        event.message = Self.cut(message, to: Self.maxMessageCharacters)
        event.details = [:]
        for (name, value) in details.sorted(by: { $0.key < $1.key }).prefix(Self.maxDetails) {
            event.details[Self.cut(name, to: Self.maxDetailNameCharacters)] = Self.cut(value, to: Self.maxDetailValueCharacters)
        }
        return event
    }

    private static func cut(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// What happened. New kinds are added as features land (SECURITY_SCAN_FAILED with the scanner).
public struct SecurityEventType: RawRepresentable, Codable, Sendable, Hashable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let apiKeyGenerated = SecurityEventType(rawValue: "API_KEY_GENERATED")
    public static let apiKeyRevoked = SecurityEventType(rawValue: "API_KEY_REVOKED")
    public static let invalidAPIKeyBurst = SecurityEventType(rawValue: "INVALID_API_KEY_BURST")
    public static let permissionDenied = SecurityEventType(rawValue: "PERMISSION_DENIED")
    public static let securityScanFailed = SecurityEventType(rawValue: "SECURITY_SCAN_FAILED")
    public static let securityScanWarning = SecurityEventType(rawValue: "SECURITY_SCAN_WARNING")
    /// A replica stopped answering its health checks and was restarted (LOW: no attack, a record).
    public static let heartbeatMissed = SecurityEventType(rawValue: "HEARTBEAT_MISSED")
}

/// LOW, MEDIUM, HIGH or CRITICAL, in that order.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low = "LOW"
    case medium = "MEDIUM"
    case high = "HIGH"
    case critical = "CRITICAL"

    /// 0 to 3, in order: the byte the event indexes store.
    var rank: UInt8 {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
