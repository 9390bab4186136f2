import Foundation
import LaunchpadStore
import Testing

@Suite struct KeyCodingTests {
    @Test func everyPartRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_705_314_600.123)
        var builder = KeyBuilder()
        builder.append(UInt64(42))
        builder.append(Int64(-7))
        builder.append("agent-é")
        builder.append(date)
        builder.append(UInt64.max)
        builder.append("")

        var reader = KeyReader(builder.bytes)
        #expect(reader.readUInt64() == 42)
        #expect(reader.readInt64() == -7)
        #expect(reader.readString() == "agent-é")
        #expect(reader.readDate() == Date(timeIntervalSince1970: 1_705_314_600.123))
        #expect(reader.readUInt64() == UInt64.max)
        #expect(reader.readString() == "")
        #expect(reader.isAtEnd)
    }

    @Test func aSignedIntegerIsReadInPlace() {
        for value: Int64 in [0, 1, -1, 42, .min, .max] {
            var builder = KeyBuilder(capacity: 8)
            builder.append(value)
            #expect(builder.bytes.withUnsafeBytes { KeyReader.int64(at: $0) } == value)
        }
        #expect([UInt8](repeating: 0, count: 7).withUnsafeBytes { KeyReader.int64(at: $0) } == nil)
    }

    @Test func layoutIsBigEndianWithATerminatedString() {
        var builder = KeyBuilder()
        builder.append(UInt64(0x0102_0304_0506_0708))
        builder.append(Int64(0))
        builder.append("ab")
        #expect(builder.bytes == [1, 2, 3, 4, 5, 6, 7, 8, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x62, 0])
    }

    @Test func readsFailWithoutConsumingWhenBytesAreMissing() {
        var reader = KeyReader([1, 2, 3, 0x61])
        #expect(reader.readUInt64() == nil)
        #expect(reader.readString() == nil)  // no terminator
        #expect(reader.remaining == [1, 2, 3, 0x61])
        var invalid = KeyReader([0xFF, 0xFE, 0])
        #expect(invalid.readString() == nil)  // not UTF-8
    }

    @Test func unsignedByteOrderIsNumericOrder() {
        var values: [UInt64] = [0, 1, 255, 256, 65_535, 1 << 32, UInt64.max - 1, UInt64.max]
        values += (0..<200).map { _ in UInt64.random(in: 0...UInt64.max) }
        expectSameOrder(values) { var key = KeyBuilder(); key.append($0); return key.bytes }
    }

    @Test func signedByteOrderIsNumericOrderIncludingNegatives() {
        var values: [Int64] = [Int64.min, Int64.min + 1, -256, -1, 0, 1, 255, Int64.max - 1, Int64.max]
        values += (0..<200).map { _ in Int64.random(in: Int64.min...Int64.max) }
        expectSameOrder(values) { var key = KeyBuilder(); key.append($0); return key.bytes }
    }

    @Test func dateByteOrderIsTimeOrderIncludingBefore1970() {
        var dates = [-86_400_000.5, -1.5, -0.001, 0, 0.001, 1_705_314_600, 4_102_444_800].map(Date.init(timeIntervalSince1970:))
        dates += (0..<200).map { _ in Date(timeIntervalSince1970: Double.random(in: -1e10...1e10)) }
        expectSameOrder(dates) { var key = KeyBuilder(); key.append($0); return key.bytes }
    }

    @Test func stringTerminatorSortsAPrefixFirst() {
        expectSameOrder(["", "a", "a b", "ab", "abc", "b", "é"]) { var key = KeyBuilder(); key.append($0); return key.bytes }
    }

    @Test func compositeKeysOrderByOwnerThenTimeThenId() {
        struct Row: Comparable {
            let owner: String
            let createdAt: Int64
            let agentId: UInt64
            static func < (a: Row, b: Row) -> Bool {
                (a.owner, a.createdAt, a.agentId) < (b.owner, b.createdAt, b.agentId)
            }
        }
        let rows = (0..<300).map { _ in
            Row(owner: ["alice", "al", "bob", "b"].randomElement()!,
                createdAt: Int64.random(in: -5...5), agentId: UInt64.random(in: 0...3))
        }
        expectSameOrder(rows) { row in
            var key = KeyBuilder()
            key.append(row.owner)
            key.append(row.createdAt)
            key.append(row.agentId)
            return key.bytes
        }
    }

    /// Sorting by key bytes and sorting by value give the same sequence.
    private func expectSameOrder<V: Comparable>(_ values: [V], key: (V) -> [UInt8]) {
        let byValue = values.sorted()
        let byBytes = values.sorted { key($0).lexicographicallyPrecedes(key($1)) }
        #expect(byValue == byBytes)
        // Equal values give equal keys, different values different keys.
        for (a, b) in zip(byValue, byValue.dropFirst()) {
            #expect((a == b) == (key(a) == key(b)))
        }
    }
}
