/// The agents' public address (`http://{agentId}.agents.localhost` by default), split once around
/// `{agentId}`: every answer about an agent has its URL, and one that writes bytes can write the
/// parts around the id without building the string.
public struct AgentURLTemplate: Sendable, Equatable {
    /// What comes before the id.
    public let prefix: String
    /// What comes after the id.
    public let suffix: String

    /// Splits `template` at its first `{agentId}`; a template without one is a prefix alone.
    public init(_ template: String) {
        if let range = template.range(of: "{agentId}") {
            prefix = String(template[..<range.lowerBound])
            suffix = String(template[range.upperBound...])
        } else {
            prefix = template
            suffix = ""
        }
    }

    /// The URL of `agentId`, built in one allocation.
    public func url(of agentId: String) -> String {
        var url = prefix
        url.reserveCapacity(prefix.utf8.count + agentId.utf8.count + suffix.utf8.count)
        url += agentId
        url += suffix
        return url
    }
}
