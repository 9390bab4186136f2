import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct EnvironmentTests {
    @Test func createsTheDirectoryWithOwnerOnlyPermissions() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("nested/data")
        let environment = try Environment(path: path)
        defer { environment.close() }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(FileManager.default.fileExists(atPath: directory.appending("nested/data/data.mdb")))
        #expect(environment.staleReadersCleared == 0)
    }

    /// LMDB leaves the reader table's file sparse; a reader touching a new page of it on a full disk
    /// died of SIGBUS. Its blocks are allocated at open.
    @Test func theLockFileHasItsBlocksOnDisk() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(maxReaders: 4096))
        defer { environment.close() }
        var status = stat()
        #expect(stat(directory.appending("lock.mdb"), &status) == 0)
        #expect(status.st_size > 100_000, "4096 reader slots")
        #expect(Int(status.st_blocks) * 512 >= Int(status.st_size), "allocated, not sparse: \(status.st_blocks) blocks for \(status.st_size) bytes")
    }

    @Test func tablesAreCachedListedAndNamed() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let agents = try environment.openTable("agents")
        #expect(try environment.openTable("agents") == agents)
        _ = try environment.openTable("keys")
        #expect(try environment.tableNames() == ["agents", "keys"])
        #expect(throws: StoreError(code: EINVAL, operation: "")) { try environment.openTable("") }
    }

    @Test func statsReportTheMapAndOnlyLiveReaders() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(mapSize: 8 << 20, maxReaders: 126))
        defer { environment.close() }
        let stats = try environment.stats()
        #expect(stats.mapSize == 8 << 20)
        #expect(stats.pageSize == Int(getpagesize()))
        #expect(stats.pagesUsed >= 2)  // two meta pages at least
        #expect(stats.maxReaders == 126)
        #expect(stats.readersInUse == 0)
        let inside = try environment.read { _ in try environment.stats().readersInUse }
        let nested = try environment.read { _ in try environment.read { _ in try environment.stats().readersInUse } }
        #expect(inside == 1)
        #expect(nested == 2)
        #expect(try environment.stats().readersInUse == 0)
    }

    @Test func aSecondOpenOfTheSameDirectoryInOneProcessThrowsUntilTheFirstCloses() throws {
        let directory = try TemporaryDirectory()
        let first = try Environment(path: directory.path)
        // The same directory under another name is still the same environment.
        #expect(throws: StoreError(code: EBUSY, operation: "")) { try Environment(path: directory.path + "/./") }
        first.close()
        let second = try Environment(path: directory.path)
        second.close()
    }

    @Test func closeIsIdempotentAndLaterCallsThrowEnvironmentClosed() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path)
        let table = try environment.openTable("t")
        environment.close()
        environment.close()
        #expect(throws: StoreError.environmentClosed) { try environment.read { try $0.get(table, [1]) } }
        #expect(throws: StoreError.environmentClosed) { try environment.stats() }
        #expect(throws: StoreError.environmentClosed) { try environment.openTable("other") }
        #expect(throws: StoreError.environmentClosed) { try environment.backup(to: directory.appending("copy")) }
    }

    @Test func manyThreadsReadConsistentSnapshotsWhileTheWriterWrites() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(durable: false))
        defer { environment.close() }
        let table = try environment.openTable("pairs")
        let writer = Writer(environment: environment)
        // Every write sets "a" and "b" to the same counter in one transaction.
        try writer.write { transaction in
            try transaction.put(table, Array("a".utf8), [0, 0])
            try transaction.put(table, Array("b".utf8), [0, 0])
        }
        let stop = Collected<Bool>()
        Thread.detachNewThread {
            var counter: UInt16 = 0
            while stop.values.isEmpty {
                counter &+= 1
                let bytes = [UInt8(counter >> 8), UInt8(counter & 0xFF)]
                _ = try? writer.write { transaction in
                    try transaction.put(table, Array("a".utf8), bytes)
                    try transaction.put(table, Array("b".utf8), bytes)
                }
            }
        }

        let torn = Collected<String>()
        onThreads(8) { _ in
            for _ in 0..<2000 {
                do {
                    let (a, b) = try environment.read { transaction throws in
                        (try transaction.get(table, Array("a".utf8)), try transaction.get(table, Array("b".utf8)))
                    }
                    if a == nil || a != b {
                        torn.append("\(String(describing: a)) != \(String(describing: b))")
                    }
                } catch {
                    torn.append("\(error)")
                }
            }
        }
        stop.append(true)
        writer.stop()
        #expect(torn.values.isEmpty)
        #expect(writer.stats.writes > 1)
    }

    @Test func readerCheckAtOpenClearsTheSlotOfAKilledProcess() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("env")
        // A keeps the environment open, so the next opener does not reset the lock table.
        let survivor = try ProbeProcess.spawn(["hold-reader", path], output: directory.appending("a.out"))
        #expect(try eventually { try survivor.lines() == ["ready"] })
        let victim = try ProbeProcess.spawn(["hold-reader", path], output: directory.appending("b.out"))
        #expect(try eventually { try victim.lines() == ["ready"] })
        victim.forceKill()
        #expect(SpawnedProcess.killed(victim.wait(), by: SIGKILL))

        let environment = try Environment(path: path)
        #expect(environment.staleReadersCleared == 1)
        #expect(try environment.stats().readersInUse == 1)  // the survivor's
        survivor.forceKill()
        survivor.wait()
        environment.close()
    }
}
