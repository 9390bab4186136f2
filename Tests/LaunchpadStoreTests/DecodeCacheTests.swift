import LaunchpadStore
import Testing

/// Serialized: the tests share the static decode counter.
@Suite(.serialized) struct DecodeCacheTests {
    struct Counted: Decodable, Equatable {
        nonisolated(unsafe) static var decodes = 0
        var name: String
        init(from decoder: any Decoder) throws {
            Self.decodes += 1
            name = try decoder.singleValueContainer().decode([String: String].self)["name"] ?? ""
        }
        init(name: String) { self.name = name }
    }

    @Test func reusesTheValueWhileTheBytesAreTheSameAndDecodesChangedBytes() throws {
        let cache = DecodeCache<Counted>(capacity: 8)
        let key: [UInt8] = [1]
        Counted.decodes = 0
        #expect(try cache.value(for: key, bytes: Array(#"{"name":"a"}"#.utf8)) == Counted(name: "a"))
        #expect(try cache.value(for: key, bytes: Array(#"{"name":"a"}"#.utf8)) == Counted(name: "a"))
        #expect(Counted.decodes == 1)
        #expect(try cache.value(for: key, bytes: Array(#"{"name":"b"}"#.utf8)) == Counted(name: "b"), "changed bytes are decoded again")
        #expect(Counted.decodes == 2)
    }

    @Test func staysWithinItsCapacity() throws {
        let cache = DecodeCache<Counted>(capacity: 2)
        Counted.decodes = 0
        for index in 0..<5 {
            _ = try cache.value(for: [UInt8(index)], bytes: Array(#"{"name":"x"}"#.utf8))
        }
        _ = try cache.value(for: [4], bytes: Array(#"{"name":"x"}"#.utf8))
        #expect(Counted.decodes == 5, "the newest entry is kept")
    }
}
