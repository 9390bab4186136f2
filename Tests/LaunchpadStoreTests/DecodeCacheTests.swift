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
        let bytes = Array(#"{"name":"x"}"#.utf8)
        Counted.decodes = 0
        for index in 0..<5 {
            _ = try cache.value(for: [UInt8(index)], bytes: bytes)
        }
        _ = try cache.value(for: [4], bytes: bytes)
        #expect(Counted.decodes == 5, "the newest entry is kept")
        // Two entries are kept, one of them key 4, so at most one of keys 0 to 3 is still there:
        // asked for again in turn, at least three are decoded again (none, were the cache unbounded).
        for index in 0..<4 {
            _ = try cache.value(for: [UInt8(index)], bytes: bytes)
        }
        #expect(Counted.decodes >= 8, "entries beyond the capacity were dropped")
    }

    @Test func threadsReadingManyKeysAtOnceEachGetTheirKeysValue() async throws {
        let cache = DecodeCache<Counted>(capacity: 32)
        // 64 keys over a capacity of 32 in 16 shards: lookups, decodes and evictions interleave.
        let failures = await withTaskGroup(of: Int.self) { group in
            for thread in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<2_000 {
                        let index = (round * 7 + thread * 13) % 64
                        let value = try? cache.value(for: Array("agent-\(index)".utf8), bytes: Array(#"{"name":"n\#(index)"}"#.utf8))
                        if value != Counted(name: "n\(index)") { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
