import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct WriterTests {
    struct Refused: Error, Equatable {
        let index: Int
    }

    @Test func sixteenConcurrentWritersShareBatchesAndEachGetsItsOwnResult() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path)  // durable: each batch is fsynced
        defer { environment.close() }
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment)
        let mismatches = Collected<String>()

        onThreads(16) { thread in
            for sequence in 0..<60 {
                let key = Array("\(thread)-\(sequence)".utf8)
                do {
                    // The result is computed inside the transaction: it must come back to this caller.
                    let result = try writer.write { transaction -> [UInt8]? in
                        try transaction.put(table, key, key.reversed())
                        return try transaction.get(table, key)
                    }
                    if result != key.reversed() {
                        mismatches.append("\(thread)-\(sequence): \(String(describing: result))")
                    }
                } catch {
                    mismatches.append("\(thread)-\(sequence): \(error)")
                }
            }
        }
        writer.stop()

        #expect(mismatches.values.isEmpty)
        let stats = writer.stats
        #expect(stats.writes == 16 * 60)
        #expect(stats.batches < stats.writes)
        #expect(stats.largestBatch > 1)
        #expect(try environment.read { try $0.count(table) } == 16 * 60)
    }

    @Test func aThrowingClosureUndoesOnlyItsOwnChangesAndTheBatchCommits() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment)
        defer { writer.stop() }

        // Hold the writer thread inside a first batch so the next eight writes queue up and
        // land together in the second one.
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let first = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? writer.write { transaction in
                entered.signal()
                gate.wait()
                try transaction.put(table, [100], [100])
            }
            first.signal()
        }
        entered.wait()

        let outcomes = Collected<(Int, Result<Int, Refused>)>()
        let group = DispatchGroup()
        for index in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                do {
                    let value = try writer.write { transaction -> Int in
                        try transaction.put(table, [UInt8(index)], [UInt8(index)])
                        if index % 2 == 1 {
                            throw Refused(index: index)
                        }
                        return index * 10
                    }
                    outcomes.append((index, .success(value)))
                } catch {
                    outcomes.append((index, .failure(error as! Refused)))
                }
                group.leave()
            }
        }
        #expect(eventually { writer.stats.queued == 8 })
        gate.signal()
        group.wait()
        first.wait()

        #expect(writer.stats.batches == 2)
        #expect(writer.stats.largestBatch == 8)
        for (index, outcome) in outcomes.values {
            if index % 2 == 1 {
                #expect(outcome == .failure(Refused(index: index)))
            } else {
                #expect(outcome == .success(index * 10))
            }
        }
        try environment.read { transaction throws in
            #expect(try transaction.get(table, [100]) == [100])
            for index in 0..<8 {
                #expect(try transaction.get(table, [UInt8(index)]) == (index % 2 == 0 ? [UInt8(index)] : nil))
            }
        }
    }

    @Test func everyCallerOfABatchThatCannotCommitGetsTheError() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment)
        defer { writer.stop() }

        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? writer.write { transaction in
                entered.signal()
                gate.wait()
                try transaction.put(table, [1], [1])
            }
        }
        entered.wait()
        let errors = Collected<Error?>()
        let group = DispatchGroup()
        for index in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                do {
                    try writer.write { try $0.put(table, [UInt8(10 + index)], [1]) }
                    errors.append(nil)
                } catch {
                    errors.append(error)
                }
                group.leave()
            }
        }
        #expect(eventually { writer.stats.queued == 4 })
        // close() waits for the batch in flight; the lock prefers it over the next batch.
        let closed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            environment.close()
            closed.signal()
        }
        usleep(200_000)
        gate.signal()
        group.wait()
        closed.wait()

        #expect(errors.values.count == 4)
        for error in errors.values {
            #expect(error as? StoreError == .environmentClosed)
        }
    }

    @Test func stopFinishesQueuedWritesThenLaterWritesThrow() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("t")
        let writer = Writer(environment: environment, maxBatch: 1)

        let results = Collected<Bool>()
        let group = DispatchGroup()
        for index in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                results.append((try? writer.write { try $0.put(table, [UInt8(index + 1)], [1]) }) != nil)
                group.leave()
            }
        }
        #expect(eventually { writer.stats.writes + writer.stats.queued == 8 })
        writer.stop()
        group.wait()
        writer.stop()  // idempotent

        #expect(results.values == Array(repeating: true, count: 8))
        #expect(writer.stats.batches == 8)  // maxBatch 1: one commit per write
        #expect(throws: StoreError.writerStopped) { try writer.write { try $0.put(table, [9], [9]) } }
    }

    @Test func writingInsideATransactionOrOpeningATableInsideAWriteClosureThrowsInsteadOfDeadlocking() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let writer = Writer(environment: environment)
        defer { writer.stop() }

        let (nestedWrite, nestedOpen) = try writer.write { _ -> (StoreError?, StoreError?) in
            var nestedWrite: StoreError?
            var nestedOpen: StoreError?
            do { try writer.write { _ in } } catch { nestedWrite = error as? StoreError }
            do { _ = try environment.openTable("late") } catch { nestedOpen = error as? StoreError }
            return (nestedWrite, nestedOpen)
        }
        #expect(nestedWrite == .wouldDeadlock)
        #expect(nestedOpen == .wouldDeadlock)
        // A write inside a read would hold the map lock while waiting for a batch that may need
        // it to grow the map.
        #expect(throws: StoreError.wouldDeadlock) {
            try environment.read { _ in try writer.write { _ in } }
        }
        try writer.write { _ in }  // and the writer is still fine
    }
}
