import Foundation
@testable import LaunchpadAPI
import LaunchpadCore
import LaunchpadHTTP
import Testing

/// Seed 001's request bodies: strict where stored records are tolerant, each turned into the
/// domain value the services take.
struct WireBodyTests {
    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSON.decode(type, from: Array(text.utf8))
    }

    @Test func aRequestBodyWithAnUnknownFieldIsRefusedNamingIt() {
        #expect(throws: HTTPError.validation(field: "personality.mood", "unknown field")) {
            _ = try decode(CreateAgentBody.self, #"{"agentName":"x-bot","personality":{"bio":["a"],"mood":"happy"}}"#)
        }
        #expect(throws: HTTPError.validation(field: "notifications.sms", "unknown field")) {
            _ = try decode(UpdateProfileBody.self, #"{"notifications":{"email":true,"slack":false,"sms":true}}"#)
        }
    }

    @Test func anExplicitNullIsRefusedNamingTheField() {
        #expect(throws: HTTPError.self) { _ = try decode(CreateAgentBody.self, #"{"agentName":"x-bot","personality":{"topics":null}}"#) }
        #expect(throws: HTTPError.self) { _ = try decode(UpdateAgentBody.self, #"{"resources":{"cpu":null}}"#) }
    }

    @Test func aCreateBodyBecomesADraft() throws {
        let body = try decode(CreateAgentBody.self, """
            {"agentName":"x-bot","description":"d","personality":{"system":"s","bio":["a"]},"selectedPlugins":["p"],
             "resources":{"memory":"1Gi"},"platforms":{"discord":{"token":"t"}},"packageLock":{"lockfileVersion":3,"packages":{}}}
            """)
        #expect(body.draft.name == "x-bot")
        #expect(body.draft.fields.description == "d")
        #expect(body.draft.fields.personality == Personality(system: "s", bio: ["a"]))
        #expect(body.draft.fields.plugins == ["p"])
        #expect(body.draft.fields.resources == ResourceRequest(memory: "1Gi"))
        #expect(body.draft.fields.platforms == ["discord": ["token": "t"]])
        let lock = try #require(body.draft.fields.packageLock)
        struct Lock: Decodable, Equatable { var lockfileVersion: Int; var packages: [String: String] }
        #expect(try JSONDecoder().decode(Lock.self, from: Data(lock)) == Lock(lockfileVersion: 3, packages: [:]), "the JSON text of packageLock")
    }

    @Test func aRoleThatDoesNotExistIsNamed() {
        #expect(throws: HTTPError.validation(field: "role", "must be USER or ADMIN, got 'user'")) {
            _ = try decode(GenerateKeyBody.self, #"{"username":"alice","email":"a@example.com","role":"user"}"#)
        }
    }
}
