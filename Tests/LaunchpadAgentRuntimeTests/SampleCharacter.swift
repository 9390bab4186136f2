import Foundation
import LaunchpadAgentRuntime

/// The trading bot of seed 001's "Create Agent" example, as the agent service writes it.
enum SampleCharacter {
    static let json = """
        {
          "name": "my-trading-bot",
          "system": "You are a professional cryptocurrency trading assistant.",
          "bio": [
            "I'm an AI trading assistant specialized in cryptocurrency markets",
            "I provide technical analysis and market insights"
          ],
          "adjectives": ["analytical", "precise", "risk-aware"],
          "topics": ["cryptocurrency", "trading", "technical analysis"],
          "plugins": ["@elizaos/plugin-discord", "@elizaos/plugin-web3"],
          "settings": {"platforms": ["discord", "telegram"]}
        }
        """

    static let character = Character(
        name: "my-trading-bot",
        system: "You are a professional cryptocurrency trading assistant.",
        bio: [
            "I'm an AI trading assistant specialized in cryptocurrency markets",
            "I provide technical analysis and market insights",
        ],
        adjectives: ["analytical", "precise", "risk-aware"],
        topics: ["cryptocurrency", "trading", "technical analysis"],
        plugins: ["@elizaos/plugin-discord", "@elizaos/plugin-web3"],
        settings: Character.Settings(platforms: ["discord", "telegram"]))

    /// A new temporary directory holding `character.json` with `json`; returns the file's path.
    static func writeFile(_ json: String = json) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentrt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("character.json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
