import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct BackupTests {
    @Test func backupWhileWritingHoldsEveryRecordAcknowledgedBeforeIt() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.appending("live"))
        defer { environment.close() }
        let table = try environment.openTable("records")
        let writer = Writer(environment: environment)

        for batch in 0..<10 {
            try writer.write { transaction in
                for index in 0..<50 {
                    try transaction.put(table, Array("before-\(batch * 50 + index)".utf8), [UInt8(index)])
                }
            }
        }
        // Keep writing from another thread for the whole backup.
        let stop = Collected<Bool>()
        let during = Collected<Int>()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var sequence = 0
            while stop.values.isEmpty {
                if (try? writer.write { try $0.put(table, Array("during-\(sequence)".utf8), [1]) }) != nil {
                    during.append(sequence)
                }
                sequence += 1
            }
            finished.signal()
        }
        #expect(eventually { during.values.count >= 5 })
        try environment.backup(to: directory.appending("copy"))
        stop.append(true)
        finished.wait()
        writer.stop()
        #expect(during.values.count >= 5)

        let copy = try Environment(path: directory.appending("copy"))
        defer { copy.close() }
        let copied = try copy.openTable("records")
        try copy.read { transaction throws in
            var missing = 0
            for index in 0..<500 where try transaction.get(copied, Array("before-\(index)".utf8)) != [UInt8(index % 50)] {
                missing += 1
            }
            #expect(missing == 0)
            #expect(try transaction.count(copied) >= 500)
        }
    }

    @Test func backupRefusesADirectoryThatAlreadyHoldsData() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.appending("live"))
        defer { environment.close() }
        try environment.backup(to: directory.appending("copy"))
        #expect(throws: StoreError(code: EEXIST, operation: "")) { try environment.backup(to: directory.appending("copy")) }
    }
}
