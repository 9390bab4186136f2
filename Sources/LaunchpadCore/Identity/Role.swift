/// A user's role. What each role may do is in `Permission.granted(to:)`.
public enum Role: String, Codable, Sendable, CaseIterable {
    case user = "USER"
    case admin = "ADMIN"
}
