import Foundation
@testable import LaunchpadHTTP
import Testing

/// The streaming encoder must produce what Foundation's JSONEncoder produces, as JSON values.
struct JSONStreamEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    struct Outer: Codable, Equatable {
        var id: Int
        var flag: Bool
        var text: String
        var at: Date
        var inner: Inner
        var list: [Inner]
        var map: [String: Int]
        var nothing: String?
        var big: UInt64
        var negative: Int64
        var ratio: Double
    }

    /// Uses nested containers and a super encoder by hand.
    struct Manual: Encodable {
        enum Keys: String, CodingKey { case a, nested, list, after }
        enum NestedKeys: String, CodingKey { case x, y }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            try nested.encode("x", forKey: .x)
            try nested.encode([1, 2], forKey: .y)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            var inList = list.nestedContainer(keyedBy: NestedKeys.self)
            try inList.encode(3, forKey: .x)
            try container.encode("end", forKey: .after)
        }
    }

    private func foundation<T: Encodable>(_ value: T) throws -> Any {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
    }

    private func ours<T: Encodable>(_ value: T) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(JSON.encode(value)), options: [.fragmentsAllowed])
    }

    @Test func matchesFoundationOnModels() throws {
        let value = Outer(
            id: 7, flag: true, text: "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀 </script>",
            at: Date(timeIntervalSince1970: 1_705_314_600), inner: Inner(name: "n", tags: ["a", "b"], score: 1.5),
            list: [Inner(name: "x", tags: [], score: nil), Inner(name: "y", tags: ["z"], score: -0.25)],
            map: ["one": 1, "two": 2], nothing: nil, big: UInt64.max, negative: Int64.min, ratio: 96.9)
        #expect(NSDictionary(dictionary: try ours(value) as! [String: Any]) == NSDictionary(dictionary: try foundation(value) as! [String: Any]))
    }

    @Test func matchesFoundationWithNestedContainers() throws {
        #expect(NSDictionary(dictionary: try ours(Manual()) as! [String: Any]) == NSDictionary(dictionary: try foundation(Manual()) as! [String: Any]))
        #expect(String(decoding: try JSON.encode(Manual()), as: UTF8.self) == #"{"a":1,"nested":{"x":"x","y":[1,2]},"list":[true,{"x":3}],"after":"end"}"#)
    }

    @Test func topLevelValues() throws {
        #expect(String(decoding: try JSON.encode("a\"b"), as: UTF8.self) == #""a\"b""#)
        #expect(String(decoding: try JSON.encode([1, 2, 3]), as: UTF8.self) == "[1,2,3]")
        #expect(String(decoding: try JSON.encode(50.0), as: UTF8.self) == "50.0")
        #expect(String(decoding: try JSON.encode(Optional<Int>.none), as: UTF8.self) == "null")
        #expect(String(decoding: try JSON.encode([String]()), as: UTF8.self) == "[]")
    }

    @Test func nonFiniteNumbersThrow() {
        #expect(throws: EncodingError.self) { try JSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSON.encode(["x": Double.infinity]) }
    }

    @Test func roundTripsThroughTheDecoder() throws {
        let value = Inner(name: "ü\u{0}x", tags: ["\r\n"], score: 1e-7)
        #expect(try JSON.decode(Inner.self, from: JSON.encode(value)) == value)
    }
}
