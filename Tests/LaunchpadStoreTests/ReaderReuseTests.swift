import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// Reads renew their thread's reset transaction (`ReaderCache`) instead of beginning one: each still
/// sees the latest commit, no slot stays in use, and close ends them all.
@Suite struct ReaderReuseTests {
    @Test func reusedReadsSeeEachCommitAndLeaveNoSlotInUse() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(maxReaders: 126, durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let threads = 8
        let finished = DispatchGroup()
        let failures = Failures()
        for thread in 0..<threads {
            let key = [UInt8(thread)]
            DispatchQueue.global().async(group: finished) {
                do {
                    for round in 0..<200 {
                        try environment.update { try $0.put(table, key, [UInt8(round)]) }
                        // Renewed, the thread's transaction sees the commit just made, not its last snapshot.
                        let seen = try environment.read { try $0.get(table, key) }
                        if seen != [UInt8(round)] { failures.add("thread \(thread) round \(round) read \(String(describing: seen))") }
                    }
                } catch {
                    failures.add("thread \(thread): \(error)")
                }
            }
        }
        finished.wait()
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try environment.stats().readersInUse == 0, "reset transactions hold idle slots only")
        let nested = try environment.read { _ in try environment.read { _ in try environment.stats().readersInUse } }
        #expect(nested == 2)
        #expect(try environment.stats().readersInUse == 0)
    }

    @Test func closingEndsTheKeptTransactionsAndTheDirectoryOpensAgain() throws {
        let directory = try TemporaryDirectory()
        let first = try Environment(path: directory.path, options: .init(durable: false))
        let table = try first.openTable("t")
        try first.update { try $0.put(table, [1], [2]) }
        #expect(try first.read { try $0.get(table, [1]) } == [2])
        first.close()
        #expect(throws: StoreError.self) { try first.read { try $0.get(table, [1]) } }
        let second = try Environment(path: directory.path, options: .init(durable: false))
        defer { second.close() }
        let reopened = try second.openTable("t")
        #expect(try second.read { try $0.get(reopened, [1]) } == [2])
        #expect(try second.stats().readersInUse == 0)
    }

    @Test func aThreadsReadsReuseOneTransactionUnlessOneIsKept() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        try environment.update { try $0.put(table, [1], [2]) }
        let first = try environment.read { ObjectIdentifier($0) }
        let second = try environment.read { ObjectIdentifier($0) }
        #expect(first == second, "the thread's reset transaction is renewed in the same object")
        let kept = try environment.read { $0 }
        #expect(throws: StoreError.transactionEnded) { try kept.get(table, [1]) }
        let after = try environment.read { transaction in (ObjectIdentifier(transaction), try transaction.get(table, [1])) }
        #expect(after.0 != ObjectIdentifier(kept), "a transaction kept past its closure is never handed out again")
        #expect(after.1 == [2])
        #expect(try environment.stats().readersInUse == 0)
    }

    @Test func aCachedGetComparesInPlaceAndDecodesOnlyChangedRecords() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let cache = DecodeCache<[String: Int]>()
        try environment.update { try $0.put(table, [1], ["a": 1]) }
        #expect(try environment.read { try $0.get(table, [1], cachedIn: cache) } == ["a": 1])
        #expect(try environment.read { try $0.get(table, [1], cachedIn: cache) } == ["a": 1])
        try environment.update { try $0.put(table, [1], ["a": 2]) }
        #expect(try environment.read { try $0.get(table, [1], cachedIn: cache) } == ["a": 2], "changed bytes are decoded again")
        #expect(try environment.read { try $0.get(table, [9], cachedIn: cache) } == nil)
    }
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
