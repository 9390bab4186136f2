import Foundation
import LaunchpadDomain

extension Character {
    /// The character file a replica of `character` is given, as every runtime writes it
    /// (pretty-printed, keys sorted).
    public static func fileContents(of character: AgentCharacter) throws -> Data {
        let file = Character(
            name: character.name, system: character.system, bio: character.bio, adjectives: character.adjectives,
            topics: character.topics, plugins: character.plugins, settings: .init(platforms: character.platforms))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(file)
    }
}
