import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// The store's support for volatile state that the rate limiter uses: `Environment.update`, one
/// write transaction on the calling thread, and `Options.writeMap`.
@Suite struct RateLimitStoreTests {
    static let volatile = Environment.Options(mapSize: 1 << 20, durable: false)
    static let writeMapped = Environment.Options(mapSize: 1 << 20, durable: false, writeMap: true)

    private func withEnvironment(_ options: Environment.Options, _ body: (Environment, Table) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // removed only after the environment closes
        let environment = try Environment(path: directory.appending("env"), options: options)
        defer { environment.close() }
        try body(environment, try environment.openTable("t"))
    }

    @Test(arguments: [volatile, writeMapped])
    func updateCommitsAndReturnsTheClosuresResult(_ options: Environment.Options) throws {
        try withEnvironment(options) { environment, table in
            let result = try environment.update { transaction -> String in
                try transaction.put(table, [1], [10])
                #expect(try transaction.get(table, [1]) == [10])  // reads its own write
                return "done"
            }
            #expect(result == "done")
            #expect(try environment.read { try $0.get(table, [1]) } == [10])
        }
    }

    @Test(arguments: [volatile, writeMapped])
    func aThrowingUpdateChangesNothingAndRethrows(_ options: Environment.Options) throws {
        struct Refusal: Error, Equatable {}
        try withEnvironment(options) { environment, table in
            try environment.update { try $0.put(table, [1], [1]) }
            #expect(throws: Refusal()) {
                try environment.update { transaction in
                    try transaction.put(table, [1], [2])
                    try transaction.put(table, [2], [2])
                    throw Refusal()
                }
            }
            #expect(try environment.read { [try $0.get(table, [1]), try $0.get(table, [2])] } == [[1], nil])
        }
    }

    /// Read, add one, write: no increment is lost, because LMDB lets one write transaction run at a time.
    @Test(arguments: [volatile, writeMapped])
    func updatesFromManyThreadsAreSerialized(_ options: Environment.Options) throws {
        try withEnvironment(options) { environment, table throws in
            let failures = Collected<String>()
            onThreads(4) { _ in
                for _ in 0..<500 {
                    do {
                        try environment.update { transaction in
                            let value = try transaction.get(table, [0]).map { Int($0[0]) << 8 | Int($0[1]) } ?? 0
                            try transaction.put(table, [0], [UInt8(truncatingIfNeeded: (value + 1) >> 8), UInt8(truncatingIfNeeded: value + 1)])
                        }
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.values.isEmpty)
            #expect(try environment.read { try $0.get(table, [0]) } == [0x07, 0xD0])  // 2000
        }
    }

    @Test(arguments: [volatile, writeMapped])
    func updateGrowsAFullMapAndRunsTheClosureAgain(_ options: Environment.Options) throws {
        try withEnvironment(options) { environment, table in
            var runs = 0
            // 4 MiB in one transaction, into a 1 MiB map.
            try environment.update { transaction in
                runs += 1
                for index in 0..<64 {
                    try transaction.put(table, [UInt8(index)], [UInt8](repeating: UInt8(index), count: 64 << 10))
                }
            }
            #expect(runs >= 2)
            #expect(try environment.stats().mapSize >= 4 << 20)
            #expect(try environment.read { try $0.count(table) } == 64)
            #expect(try environment.read { try $0.get(table, [63]) } == [UInt8](repeating: 63, count: 64 << 10))
        }
    }

    @Test func updateInsideAnotherTransactionOfTheThreadThrowsInsteadOfDeadlocking() throws {
        try withEnvironment(Self.volatile) { environment, table in
            #expect(throws: StoreError.wouldDeadlock) { try environment.read { _ in try environment.update { _ in } } }
            let nested = try environment.update { _ -> StoreError? in
                do {
                    try environment.update { _ in }
                    return nil
                } catch {
                    return error as? StoreError
                }
            }
            #expect(nested == .wouldDeadlock)
            try environment.update { try $0.put(table, [1], [1]) }  // and it still works
        }
    }

    @Test func aWriteMapIsOnlyForVolatileEnvironments() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // removed only after the environment closes
        #expect(throws: StoreError(code: EINVAL, operation: "")) {
            try Environment(path: directory.path, options: .init(durable: true, writeMap: true))
        }
        // The refused open left the directory free.
        let environment = try Environment(path: directory.path, options: Self.writeMapped)
        environment.close()
    }

    /// A sparse write-mapped file would turn a full disk into a SIGBUS at the first write of a page.
    @Test func aWriteMappedEnvironmentHasDiskBlocksForItsWholeMapAtOpenAndAfterGrowing() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // removed only after the environment closes
        let environment = try Environment(path: directory.path, options: Self.writeMapped)
        defer { environment.close() }
        let table = try environment.openTable("t")
        func allocatedBytes() -> Int {
            var status = stat()
            stat(directory.appending("data.mdb"), &status)
            return Int(status.st_blocks) * 512
        }
        #expect(allocatedBytes() >= 1 << 20)
        try environment.update { transaction in
            for index in 0..<32 {
                try transaction.put(table, [UInt8(index)], [UInt8](repeating: 1, count: 64 << 10))
            }
        }
        let mapSize = try environment.stats().mapSize
        #expect(mapSize >= 2 << 20)
        #expect(allocatedBytes() >= mapSize)
    }

    /// LMDB allows no nested transactions with a write map, and the writer nests one per closure.
    @Test func theWriterRefusesEveryWriteOnAWriteMapEnvironment() throws {
        try withEnvironment(Self.writeMapped) { environment, table in
            let writer = Writer(environment: environment)
            defer { writer.stop() }
            #expect(throws: StoreError(code: EINVAL, operation: "")) { try writer.write { try $0.put(table, [1], [1]) } }
            #expect(writer.stats.writes == 0)
            try environment.update { try $0.put(table, [1], [1]) }
            #expect(try environment.read { try $0.get(table, [1]) } == [1])
        }
    }

    @Test func updateAndTheWriterShareOneEnvironment() throws {
        try withEnvironment(Self.volatile) { environment, table throws in
            let writer = Writer(environment: environment)
            defer { writer.stop() }
            let failures = Collected<String>()
            onThreads(4) { thread in
                for index in 0..<100 {
                    let key: [UInt8] = [UInt8(thread), UInt8(index)]
                    do {
                        if thread % 2 == 0 {
                            try writer.write { try $0.put(table, key, key) }
                        } else {
                            try environment.update { try $0.put(table, key, key) }
                        }
                    } catch {
                        failures.append("\(error)")
                    }
                }
            }
            #expect(failures.values.isEmpty)
            #expect(try environment.read { try $0.count(table) } == 400)
        }
    }
}
