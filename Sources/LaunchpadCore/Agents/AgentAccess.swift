/// Who may call an agent's url: anyone (the default, as for any deployed web service: platforms'
/// webhooks call it), or only its owner's and ADMINs' keys.
public enum AgentAccess: String, Codable, Sendable, CaseIterable {
    case `public`
    case `private`
}
