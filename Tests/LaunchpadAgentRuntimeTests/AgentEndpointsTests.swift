import Foundation
import Testing

@testable import LaunchpadAgentRuntime

@Suite struct AgentEndpointsTests {
    let endpoints = AgentEndpoints(
        character: SampleCharacter.character, replica: "1", startedAt: .now - .seconds(42))

    private func request(_ method: String, _ target: String, body: String = "") -> HTTPRequest {
        HTTPRequest(method: method, target: target, version: "HTTP/1.1", headers: [], body: Array(body.utf8))
    }

    @Test func healthReportsTheAgentItsUptimeAndReplica() {
        let response = endpoints.respond(to: request("GET", "/health"))
        #expect(response.status == 200)
        #expect(response.body == #"{"status":"HEALTHY","agent":"my-trading-bot","uptimeSeconds":42,"replica":"1"}"#)
    }

    @Test func messageRepliesWithTheComposersReply() {
        let response = endpoints.respond(to: request("POST", "/message", body: #"{"text":"hello","user":"alice"}"#))
        let expected = ReplyComposer(character: SampleCharacter.character).reply(to: "hello", from: "alice")
        #expect(response.status == 200)
        #expect(response.body == JSONText.object(["agent": "my-trading-bot", "reply": expected]))
    }

    @Test func messageRefusesBadBodiesWith400() {
        let cases: [(body: String, error: String)] = [
            ("", #"{"error":"body must be a JSON object with a string field \"text\""}"#),
            ("not json", #"{"error":"body must be a JSON object with a string field \"text\""}"#),
            ("[]", #"{"error":"body must be a JSON object"}"#),
            (#"{"user":"alice"}"#, #"{"error":"missing field \"text\""}"#),
            (#"{"text":3}"#, #"{"error":"field \"text\" must be a string"}"#),
            (#"{"text":"hi","user":false}"#, #"{"error":"field \"user\" must be a string"}"#),
            (#"{"text":"  "}"#, #"{"error":"field \"text\" must not be empty"}"#),
        ]
        for (body, error) in cases {
            let response = endpoints.respond(to: request("POST", "/message", body: body))
            #expect(response.status == 400, "\(body)")
            #expect(response.body == error, "\(body)")
        }
    }

    @Test func unknownPathsAre404() {
        let response = endpoints.respond(to: request("GET", "/nope"))
        #expect(response.status == 404)
        #expect(response.body == #"{"error":"not found"}"#)
    }

    @Test func anotherMethodOnAKnownPathIs405WithAllow() {
        let health = endpoints.respond(to: request("POST", "/health"))
        #expect(health.status == 405)
        #expect(health.headers == ["Allow": "GET"])
        let message = endpoints.respond(to: request("GET", "/message"))
        #expect(message.status == 405)
        #expect(message.headers == ["Allow": "POST"])
    }

    @Test func theQueryStringIsIgnoredForRouting() {
        #expect(endpoints.respond(to: request("GET", "/health?verbose=1")).status == 200)
    }
}
