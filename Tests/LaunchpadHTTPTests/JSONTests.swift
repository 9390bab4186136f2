import Foundation
@testable import LaunchpadHTTP
import Testing

struct JSONTests {
    struct Resources: Codable, Equatable {
        var memory: String
        var replicas: Int
    }

    struct Body: Codable, Equatable {
        var agentName: String
        var bio: [String]
        var resources: Resources
    }

    private func decodeError(_ text: String) -> HTTPError? {
        do {
            _ = try JSON.decode(Body.self, from: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesAValidBody() throws {
        let body = try JSON.decode(Body.self, from: Array(#"{"agentName":"a","bio":["x"],"resources":{"memory":"1Gi","replicas":1}}"#.utf8))
        #expect(body == Body(agentName: "a", bio: ["x"], resources: Resources(memory: "1Gi", replicas: 1)))
    }

    @Test func missingNestedFieldIsNamed() {
        let error = decodeError(#"{"agentName":"a","bio":[],"resources":{"memory":"1Gi"}}"#)
        #expect(error?.kind == .badRequest)
        #expect(error?.field == "resources.replicas")
    }

    @Test func wrongTypeInArrayIsNamedWithIndex() {
        let error = decodeError(#"{"agentName":"a","bio":["x", 3],"resources":{"memory":"1Gi","replicas":1}}"#)
        #expect(error?.field == "bio[1]")
        #expect(error?.message.contains("expected a string") == true)
    }

    @Test func wrongTypeIsNamed() {
        let error = decodeError(#"{"agentName":"a","bio":[],"resources":{"memory":"1Gi","replicas":"three"}}"#)
        #expect(error?.field == "resources.replicas")
        #expect(error?.message.contains("expected an integer") == true)
    }

    @Test func nullIsNamed() {
        #expect(decodeError(#"{"agentName":null,"bio":[],"resources":{"memory":"1Gi","replicas":1}}"#)?.field == "agentName")
    }

    @Test func syntaxErrorNamesTheBody() {
        #expect(decodeError(#"{"agentName":"#)?.field == "body")
        #expect(throws: HTTPError.validation(field: "body", "the body is not valid JSON")) { try JSON.validateSyntax(Array("{x".utf8)) }
        #expect(throws: HTTPError.validation(field: "body", "the body is not valid UTF-8")) { try JSON.validateSyntax([0x22, 0xff, 0x22]) }
    }

    @Test func encodesDatesAsSecondsInUTC() throws {
        struct Stamp: Encodable { var at: Date }
        let bytes = try JSON.encode(Stamp(at: Date(timeIntervalSince1970: 1_705_314_600.7)))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"at":"2024-01-15T10:30:00Z"}"#)
    }

    @Test func timestampsRoundTrip() {
        #expect(Timestamp.parse("2024-01-15T10:30:00Z") == Date(timeIntervalSince1970: 1_705_314_600))
        #expect(Timestamp.parse("2024-01-15T10:30:00.500Z") == Date(timeIntervalSince1970: 1_705_314_600.5))
        #expect(Timestamp.parse("yesterday") == nil)
    }
}

struct TimestampTests {
    @Test(arguments: [0, 951_782_400, 1_705_314_600, 1_709_164_799, 4_102_444_800, 253_402_300_799, -86_401])
    func formatAgreesWithFoundation(_ seconds: Int) {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        #expect(Timestamp.format(date) == formatter.string(from: date))
    }

    @Test func appendedAfterWhatIsThere() {
        var bytes = Array("\"at\":".utf8)
        Timestamp.append(Date(timeIntervalSince1970: 1_705_314_600.9), to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "\"at\":2024-01-15T10:30:00Z")
    }
}

struct JSONWriterTests {
    /// Escaping goes byte by byte, so the parts escaped one after the other are the whole one escaped.
    @Test(arguments: [["http://", "agent-1", ".agents.localhost"], [#"a"b"#, "\n\u{01}", #"\"#], ["", "ünï ✓", ""], ["", "", ""]])
    func joinedPartsAreTheWholeStringEscaped(_ parts: [String]) {
        var joined = JSONWriter()
        joined.object { $0.field("url", joining: parts[0], parts[1], parts[2]) }
        var whole = JSONWriter()
        whole.object { $0.field("url", parts.joined()) }
        #expect(joined.bytes == whole.bytes)
    }

    @Test func smallAndLargeStringsEscapeAlike() throws {
        for text in ["q\"", "tab\tand\\", "a much longer string with a \" quote and a \n newline \u{1F}", "plain", "plain but longer than fifteen bytes"] {
            var writer = JSONWriter()
            writer.object { $0.field("s", text) }
            let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: String]
            #expect(decoded?["s"] == text)
        }
    }
}

struct StrictDecodingTests {
    struct Notifications: Decodable {
        enum CodingKeys: String, CodingKey, CaseIterable { case email, slack }
        var email: Bool
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            email = try decoder.container(keyedBy: CodingKeys.self).decode(Bool.self, forKey: .email)
        }
    }

    struct Body: Decodable {
        enum CodingKeys: String, CodingKey, CaseIterable { case name, notifications }
        var notifications: Notifications?
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            notifications = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Notifications.self, forKey: .notifications)
        }
    }

    @Test func unknownTopLevelFieldIsNamed() {
        #expect(throws: HTTPError.validation(field: "extra", "unknown field")) {
            try JSON.decode(Body.self, from: Array(#"{"name":"a","extra":1}"#.utf8))
        }
    }

    @Test func unknownNestedFieldIsNamedWithItsPath() {
        #expect(throws: HTTPError.validation(field: "notifications.sms", "unknown field")) {
            try JSON.decode(Body.self, from: Array(#"{"notifications":{"email":true,"sms":true}}"#.utf8))
        }
    }

    @Test func knownFieldsPass() throws {
        #expect(try JSON.decode(Body.self, from: Array(#"{"name":"a","notifications":{"email":true}}"#.utf8)).notifications?.email == true)
    }
}
