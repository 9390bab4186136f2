import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct TransactionTests {
    struct Agent: Codable, Equatable {
        var name: String
        var replicas: Int
        var createdAt: Date
    }

    @Test func putGetInsertDeleteAndCount() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("records")
        let writer = Writer(environment: environment)
        defer { writer.stop() }

        let outcome = try writer.write { transaction -> [Bool] in
            try transaction.put(table, [1], [10])
            try transaction.put(table, [1], [11])  // replaces
            let insertedNew = try transaction.insert(table, [2], [20])
            let insertedExisting = try transaction.insert(table, [2], [99])
            let deletedPresent = try transaction.delete(table, [3])
            try transaction.put(table, [3], [30])
            let deletedNow = try transaction.delete(table, [3])
            let seesOwnWrite = try transaction.get(table, [1]) == [11]
            return [insertedNew, insertedExisting, deletedPresent, deletedNow, seesOwnWrite]
        }
        #expect(outcome == [true, false, false, true, true])
        try environment.read { transaction throws in
            #expect(try transaction.get(table, [1]) == [11])
            #expect(try transaction.get(table, [2]) == [20])
            #expect(try transaction.get(table, [3]) == nil)
            #expect(try transaction.count(table) == 2)
        }
    }

    @Test func codableValuesRoundTripAsJSON() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("agents")
        let writer = Writer(environment: environment)
        defer { writer.stop() }

        let agent = Agent(name: "eliza", replicas: 2, createdAt: Date(timeIntervalSince1970: 1_705_314_600))
        try writer.write { try $0.put(table, Array("a1".utf8), agent) }
        let (decoded, raw, missing) = try environment.read { transaction throws in
            (try transaction.get(table, Array("a1".utf8), as: Agent.self),
             try transaction.get(table, Array("a1".utf8)),
             try transaction.get(table, Array("nope".utf8), as: Agent.self))
        }
        #expect(decoded == agent)
        #expect(missing == nil)
        let json = String(decoding: raw ?? [], as: UTF8.self)
        #expect(json.hasPrefix(#"{"createdAt":"#))  // sorted keys
        #expect(json.contains(#""name":"eliza","replicas":2"#))

        // A byte-array literal is stored as bytes, an [Int] as JSON.
        try writer.write { transaction in
            try transaction.put(table, [1], [3, 4])
            try transaction.put(table, [2], [3, 4] as [Int])
        }
        #expect(try environment.read { try $0.get(table, [1]) } == [3, 4])
        #expect(try environment.read { try $0.get(table, [2]) } == Array("[3,4]".utf8))
    }

    @Test func readResultsAreCopiesThatOutliveTheTransactionAndARemap() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(mapSize: 1 << 20, durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment)
        defer { writer.stop() }
        let original = [UInt8](repeating: 7, count: 3000)
        try writer.write { try $0.put(table, [1], original) }

        let kept = try environment.read { try $0.get(table, [1]) }
        // Overwrite it and grow (remap) the map: bytes still pointing into the map would change or fault.
        try writer.write { try $0.put(table, [1], [UInt8](repeating: 9, count: 3000)) }
        try writer.write { try $0.put(table, [2], [UInt8](repeating: 1, count: 3 << 20)) }
        #expect(writer.stats.replays >= 1)
        #expect(kept == original)
    }

    @Test func aTransactionUsedOutsideItsClosureThrowsTransactionEnded() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let escaped = try environment.read { $0 }
        #expect(throws: StoreError.transactionEnded) { try escaped.get(table, [1]) }
        #expect(throws: StoreError.transactionEnded) { try escaped.scan(table) { _, _ in true } }
    }

    @Test func emptyKeysAreRejectedAsBadValueSize() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment)
        defer { writer.stop() }
        #expect(throws: StoreError.badValueSize) { try writer.write { try $0.put(table, [], [1]) } }
    }
}
