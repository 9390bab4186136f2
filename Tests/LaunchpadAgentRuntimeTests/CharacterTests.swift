import Foundation
import Testing

@testable import LaunchpadAgentRuntime

@Suite struct CharacterTests {
    @Test func decodesEveryField() throws {
        let character = try Character.decode(from: Data(SampleCharacter.json.utf8))
        #expect(character == SampleCharacter.character)
    }

    @Test func decodesAMinimalCharacterWithEmptyDefaults() throws {
        let character = try Character.decode(from: Data(#"{"name": "Eliza"}"#.utf8))
        #expect(character == Character(name: "Eliza"))
        #expect(character.system == nil)
        #expect(character.bio.isEmpty && character.adjectives.isEmpty && character.topics.isEmpty)
        #expect(character.plugins.isEmpty && character.settings.platforms.isEmpty)
    }

    @Test func ignoresUnknownFields() throws {
        let json = """
            {"name": "Eliza", "username": "eliza", "lore": ["x"], "modelProvider": "openai",
             "topics": ["ai"], "settings": {"platforms": ["discord"], "secrets": {}, "voice": {"model": "x"}}}
            """
        let character = try Character.decode(from: Data(json.utf8))
        #expect(character == Character(name: "Eliza", topics: ["ai"], settings: .init(platforms: ["discord"])))
    }

    @Test func acceptsABioGivenAsOneString() throws {
        let character = try Character.decode(from: Data(#"{"name": "Eliza", "bio": "A helpful agent"}"#.utf8))
        #expect(character.bio == ["A helpful agent"])
    }

    @Test func roundTripsThroughJSONEncoder() throws {
        let data = try JSONEncoder().encode(SampleCharacter.character)
        #expect(try Character.decode(from: data) == SampleCharacter.character)
    }

    @Test func rejectsInvalidJSON() {
        #expect(throws: CharacterError.invalid(path: "", reason: "not valid JSON")) {
            try Character.decode(from: Data(#"{"name": "Eliza""#.utf8))
        }
    }

    @Test func rejectsAMissingName() {
        #expect(throws: CharacterError.invalid(path: "", reason: "missing field \"name\"")) {
            try Character.decode(from: Data(#"{"bio": []}"#.utf8))
        }
    }

    @Test func rejectsAWrongTypeNamingTheField() {
        #expect(throws: CharacterError.invalid(path: "", reason: "field \"topics[1]\" must be a string")) {
            try Character.decode(from: Data(#"{"name": "Eliza", "topics": ["ai", 3]}"#.utf8))
        }
    }

    @Test func rejectsAnEmptyName() {
        #expect(throws: CharacterError.invalid(path: "", reason: "\"name\" must not be empty")) {
            try Character.decode(from: Data(#"{"name": "  "}"#.utf8))
        }
    }

    @Test func loadsAFile() throws {
        let path = try SampleCharacter.writeFile()
        #expect(try Character.load(fromFile: path) == SampleCharacter.character)
    }

    @Test func reportsAMissingFileAsUnreadable() {
        #expect(throws: CharacterError.unreadable(path: "/nonexistent/character.json", reason: "No such file or directory")) {
            try Character.load(fromFile: "/nonexistent/character.json")
        }
    }

    @Test func reportsADirectoryAsUnreadable() {
        #expect(throws: CharacterError.unreadable(path: "/tmp", reason: "Is a directory")) {
            try Character.load(fromFile: "/tmp")
        }
    }

    @Test func rejectsJSONThatIsNotAnObject() {
        #expect(throws: CharacterError.invalid(path: "", reason: "not a JSON object")) {
            try Character.decode(from: Data("[]".utf8))
        }
    }

    @Test func reportsAnInvalidFileWithItsPath() throws {
        let path = try SampleCharacter.writeFile("not json")
        #expect(throws: CharacterError.invalid(path: path, reason: "not valid JSON")) {
            try Character.load(fromFile: path)
        }
    }
}
