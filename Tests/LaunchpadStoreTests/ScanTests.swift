import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct ScanTests {
    /// A table holding these keys (values are the keys themselves).
    static let keys: [[UInt8]] = [
        [0x01], [0x10], [0x10, 0x00], [0x10, 0x05], [0x10, 0xFF], [0x10, 0xFF, 0x01],
        [0x11], [0x20, 0x01], [0xFF], [0xFF, 0xFF, 0x01],
    ]

    /// Opens a scratch environment with the fixture and runs `body` in a read transaction.
    private func withFixture(_ body: (ReadTransaction, Table) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("scan")
        let writer = Writer(environment: environment)
        try writer.write { transaction in
            for key in Self.keys.shuffled() {
                try transaction.put(table, key, key)
            }
        }
        writer.stop()
        try environment.read { try body($0, table) }
    }

    private func collect(_ walk: (_ body: ([UInt8], [UInt8]) throws -> Bool) throws -> Void) rethrows -> [[UInt8]] {
        var seen: [[UInt8]] = []
        try walk { key, value in
            #expect(key == value)
            seen.append(key)
            return true
        }
        return seen
    }

    @Test func walksAllKeysInByteOrderAndInReverse() throws {
        try withFixture { transaction, table throws in
            #expect(try collect { try transaction.scan(table, $0) } == Self.keys)
            #expect(try collect { try transaction.scan(table, reverse: true, $0) } == Self.keys.reversed())
        }
    }

    @Test func startsAtAKeyInclusiveOrAtTheNearestOne() throws {
        try withFixture { transaction, table throws in
            #expect(try collect { try transaction.scan(table, from: [0x10, 0x05], $0) } == Array(Self.keys[3...]))
            #expect(try collect { try transaction.scan(table, from: [0x10, 0x06], $0) } == Array(Self.keys[4...]))
            #expect(try collect { try transaction.scan(table, from: [0x10, 0x05], reverse: true, $0) } == Self.keys[...3].reversed())
            #expect(try collect { try transaction.scan(table, from: [0x10, 0x06], reverse: true, $0) } == Self.keys[...3].reversed())
            #expect(try collect { try transaction.scan(table, from: [0x00], reverse: true, $0) } == [])
            #expect(try collect { try transaction.scan(table, from: [0xFF, 0xFF, 0xFF], reverse: true, $0) } == Self.keys.reversed())
            #expect(try collect { try transaction.scan(table, from: [0xFF, 0xFF, 0xFF], $0) } == [])
        }
    }

    @Test func prefixWalksOnlyMatchingKeysBothWays() throws {
        try withFixture { transaction, table throws in
            let tens: [[UInt8]] = [[0x10], [0x10, 0x00], [0x10, 0x05], [0x10, 0xFF], [0x10, 0xFF, 0x01]]
            #expect(try collect { try transaction.scan(table, prefix: [0x10], $0) } == tens)
            #expect(try collect { try transaction.scan(table, prefix: [0x10], reverse: true, $0) } == tens.reversed())
            // A prefix ending in 0xFF, and one made only of 0xFF (no successor key exists).
            #expect(try collect { try transaction.scan(table, prefix: [0x10, 0xFF], reverse: true, $0) } == [[0x10, 0xFF, 0x01], [0x10, 0xFF]])
            #expect(try collect { try transaction.scan(table, prefix: [0xFF], reverse: true, $0) } == [[0xFF, 0xFF, 0x01], [0xFF]])
            #expect(try collect { try transaction.scan(table, prefix: [0x15], $0) } == [])
            #expect(try collect { try transaction.scan(table, prefix: [0x15], reverse: true, $0) } == [])
            #expect(try collect { try transaction.scan(table, prefix: [], reverse: true, $0) } == Self.keys.reversed())
        }
    }

    @Test func stopsWhenTheBodyReturnsFalse() throws {
        try withFixture { transaction, table throws in
            var seen = 0
            try transaction.scan(table, reverse: true) { _, _ in
                seen += 1
                return seen < 3
            }
            #expect(seen == 3)
            seen = 0
            try transaction.scan(table, prefix: [0x10]) { _, _ in
                seen += 1
                return false
            }
            #expect(seen == 1)
        }
    }
}
