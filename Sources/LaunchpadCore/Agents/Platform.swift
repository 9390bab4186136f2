import LaunchpadDomain

/// A chat platform an agent connects to, with its fields: which are required, which are secrets,
/// and the environment variable each becomes in the replica.
public struct Platform: Sendable {
    public struct Field: Sendable {
        public let name: String
        public let required: Bool
        public let secret: Bool
        public let environment: String
    }

    public let name: String
    public let fields: [Field]

    /// The platforms launchpad knows, in one table.
    public static let known: [String: Platform] = [
        "discord": Platform(name: "discord", fields: [
            Field(name: "token", required: true, secret: true, environment: "DISCORD_API_TOKEN"),
            Field(name: "applicationId", required: false, secret: false, environment: "DISCORD_APPLICATION_ID"),
            Field(name: "guildId", required: false, secret: false, environment: "DISCORD_GUILD_ID"),
        ]),
        "telegram": Platform(name: "telegram", fields: [
            Field(name: "token", required: true, secret: true, environment: "TELEGRAM_BOT_TOKEN"),
        ]),
        "twitter": Platform(name: "twitter", fields: [
            Field(name: "username", required: true, secret: false, environment: "TWITTER_USERNAME"),
            Field(name: "apiKey", required: true, secret: true, environment: "TWITTER_API_KEY"),
            Field(name: "apiSecret", required: true, secret: true, environment: "TWITTER_API_SECRET_KEY"),
            Field(name: "accessToken", required: true, secret: true, environment: "TWITTER_ACCESS_TOKEN"),
            Field(name: "accessTokenSecret", required: true, secret: true, environment: "TWITTER_ACCESS_TOKEN_SECRET"),
        ]),
        "slack": Platform(name: "slack", fields: [
            Field(name: "token", required: true, secret: true, environment: "SLACK_BOT_TOKEN"),
            Field(name: "signingSecret", required: true, secret: true, environment: "SLACK_SIGNING_SECRET"),
            Field(name: "appId", required: false, secret: false, environment: "SLACK_APP_ID"),
        ]),
    ]

    /// Checks one platform's fields: known name, required fields present, strings, nothing unknown.
    static func validate(_ name: String, _ values: [String: String]) throws(DomainError) {
        guard let platform = known[name] else {
            throw DomainError.invalid(field: "platforms.\(name)", "unknown platform; known: \(known.keys.sorted().joined(separator: ", "))")
        }
        for field in platform.fields where field.required {
            guard let value = values[field.name], !value.isEmpty else {
                throw DomainError.invalid(field: "platforms.\(name).\(field.name)", "is required")
            }
        }
        for (key, value) in values {
            guard platform.fields.contains(where: { $0.name == key }) else {
                throw DomainError.invalid(field: "platforms.\(name).\(key)", "unknown field")
            }
            guard value.utf8.count <= 4096 else {
                throw DomainError.invalid(field: "platforms.\(name).\(key)", "must be at most 4096 bytes")
            }
            // It goes into a replica's environment: a U+0000 would cut it short there.
            try FieldRules.noControlCharacters(value, field: "platforms.\(name).\(key)", allowingLineBreaks: false)
        }
    }
}
