import Foundation

/// An agent's character, in the shape of an elizaOS character file: who the agent is, what it talks
/// about, and which plugins and platforms it uses.
///
/// Launchpad writes it to `<agent directory>/character.json`, and `launchpad agent-runtime` reads it.
/// Decoding needs only `name`; the lists default to empty, `bio` may also be a single string (as
/// elizaOS allows), and fields this type does not know are ignored. Secrets never live here: they
/// reach the agent through its environment (see ``PlatformSecret``).
public struct Character: Codable, Sendable, Equatable {
    /// The agent's name, as it introduces itself.
    public var name: String
    /// The system prompt, when there is one.
    public var system: String?
    /// Lines of biography.
    public var bio: [String]
    /// Words that describe the agent's manner ("analytical", "precise").
    public var adjectives: [String]
    /// What the agent knows and talks about.
    public var topics: [String]
    /// npm package names of the plugins it loads ("@elizaos/plugin-discord").
    public var plugins: [String]
    /// Settings beyond the personality.
    public var settings: Settings

    /// Creates a character; only the name is required.
    public init(
        name: String,
        system: String? = nil,
        bio: [String] = [],
        adjectives: [String] = [],
        topics: [String] = [],
        plugins: [String] = [],
        settings: Settings = Settings()
    ) {
        self.name = name
        self.system = system
        self.bio = bio
        self.adjectives = adjectives
        self.topics = topics
        self.plugins = plugins
        self.settings = settings
    }

    private enum CodingKeys: String, CodingKey {
        case name, system, bio, adjectives, topics, plugins, settings
    }

    /// Decodes a character; see the type's description for what may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        system = try container.decodeIfPresent(String.self, forKey: .system)
        if let line = try? container.decodeIfPresent(String.self, forKey: .bio) {
            bio = [line]
        } else {
            bio = try container.decodeIfPresent([String].self, forKey: .bio) ?? []
        }
        adjectives = try container.decodeIfPresent([String].self, forKey: .adjectives) ?? []
        topics = try container.decodeIfPresent([String].self, forKey: .topics) ?? []
        plugins = try container.decodeIfPresent([String].self, forKey: .plugins) ?? []
        settings = try container.decodeIfPresent(Settings.self, forKey: .settings) ?? Settings()
    }
}
