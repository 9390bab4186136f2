import Foundation

/// The configuration checks of a scan: secrets in plain text, limits left to the server's defaults,
/// replicas above the quota, platforms launchpad does not know, plugins without an exact version.
struct ConfigurationChecks {
    private(set) var findings: [Finding] = []
    private(set) var recommendations: [String] = []

    init(_ agent: Agent, limits: AgentLimits, ownerReplicas: Int) {
        checkSecrets(agent)
        for field in agent.defaultedResources ?? [] {
            let value = field == "memory" ? agent.resources.memory : agent.resources.cpu
            add(Finding(
                id: field == "memory" ? "CONFIG_NO_MEMORY_LIMIT" : "CONFIG_NO_CPU_LIMIT", kind: .configuration, severity: .low,
                summary: "resources.\(field) was not set; the server's default \(value) applies", source: .configuration, field: "resources.\(field)"),
                "Set resources.\(field) to what the agent needs")
        }
        if agent.resources.replicas > limits.replicas.upperBound || ownerReplicas > limits.replicasPerUser {
            add(Finding(
                id: "CONFIG_REPLICAS_ABOVE_QUOTA", kind: .configuration, severity: .medium,
                summary: "\(agent.resources.replicas) replicas; the owner asks for \(ownerReplicas) in all, above the quota of \(limits.replicasPerUser) (at most \(limits.replicas.upperBound) per agent)",
                source: .configuration, field: "resources.replicas"),
                "Scale the owner's agents down to at most \(limits.replicasPerUser) replicas in all")
        }
        for name in agent.platforms.keys.sorted() where Platform.known[name] == nil {
            add(Finding(
                id: "CONFIG_UNKNOWN_PLATFORM", kind: .configuration, severity: .medium,
                summary: "platform '\(name)' is not one launchpad knows", source: .configuration, field: "platforms.\(name)"),
                "Remove platforms.\(name) or use one of \(Platform.known.keys.sorted().joined(separator: ", "))")
        }
        for (index, plugin) in agent.plugins.enumerated() {
            guard let parsed = PluginName(plugin), parsed.exactVersion == nil else { continue }
            add(Finding(
                id: "CONFIG_UNPINNED_PLUGIN", kind: .configuration, severity: .medium,
                summary: "plugin \(parsed.name) has no exact version\(parsed.version.map { " ('\($0)')" } ?? ""), so what runs can change without a scan",
                package: parsed.name, source: .configuration, field: "selectedPlugins[\(index)]"),
                "Pin \(parsed.name) to an exact version, such as \(parsed.name)@1.2.3")
        }
    }

    private mutating func add(_ finding: Finding, _ recommendation: String) {
        findings.append(finding)
        if !recommendations.contains(recommendation) { recommendations.append(recommendation) }
    }

    private mutating func checkSecrets(_ agent: Agent) {
        var texts: [(field: String, text: String)] = [("description", agent.description)]
        if let system = agent.personality.system { texts.append(("personality.system", system)) }
        for (name, list) in [("bio", agent.personality.bio), ("adjectives", agent.personality.adjectives), ("topics", agent.personality.topics)] {
            for (index, text) in list.enumerated() { texts.append(("personality.\(name)[\(index)]", text)) }
        }
        for name in agent.platforms.keys.sorted() {
            for (key, value) in agent.platforms[name]!.settings.sorted(by: { $0.key < $1.key }) {
                texts.append(("platforms.\(name).\(key)", value))
            }
        }
        for (field, text) in texts {
            guard let kind = SecretPatterns.match(text) else { continue }
            add(Finding(
                id: "CONFIG_PLAINTEXT_SECRET", kind: .configuration, severity: .high,
                summary: "\(field) holds what looks like \(kind) in plain text", source: .configuration, field: field),
                "Remove the secret from \(field); give secrets as platform fields, which are stored encrypted")
        }
    }
}

/// Shapes of credentials that must not sit in an agent's plain-text fields.
enum SecretPatterns {
    private static let patterns: [(kind: String, expression: NSRegularExpression)] = [
        ("a private key", #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#),
        ("an AWS access key id", #"\b(AKIA|ASIA)[0-9A-Z]{16}\b"#),
        ("a GitHub token", #"\bgh[pousr]_[A-Za-z0-9]{36,}\b"#),
        ("a Slack token", #"\bxox[abposr]-[A-Za-z0-9-]{10,}"#),
        ("an OpenAI or Anthropic API key", #"\bsk-(ant-)?[A-Za-z0-9_-]{20,}"#),
        ("a launchpad API key", #"\balk_[0-9a-f]{64}\b"#),
        ("a Discord bot token", #"\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"#),
        ("a Telegram bot token", #"\b[0-9]{8,10}:[A-Za-z0-9_-]{35}\b"#),
        ("a credential assignment", #"(?i)\b(api[_-]?key|secret|password|passwd|token)\s*[:=]\s*['"]?[A-Za-z0-9_\-./+=]{12,}"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// What kind of secret `text` seems to hold, if any.
    static func match(_ text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        return patterns.first { $0.expression.firstMatch(in: text, range: range) != nil }?.kind
    }
}
