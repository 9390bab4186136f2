import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct MapGrowthTests {
    @Test func writerGrowsAOneMebibyteMapToHoldFarMoreAndEveryWriteSucceeds() throws {
        let directory = try TemporaryDirectory()
        let environment = try Environment(path: directory.path, options: .init(mapSize: 1 << 20, durable: false))
        defer { environment.close() }
        let table = try environment.openTable("big")
        let writer = Writer(environment: environment)
        let failures = Collected<String>()

        // 4 threads x 100 writes x 8 KiB, plus one 3 MiB value: about 6 MiB into a 1 MiB map.
        onThreads(4) { thread in
            for sequence in 0..<100 {
                let key = Array("\(thread)-\(sequence)".utf8)
                do {
                    try writer.write { try $0.put(table, key, [UInt8](repeating: UInt8(sequence), count: 8 << 10)) }
                } catch {
                    failures.append("\(thread)-\(sequence): \(error)")
                }
            }
        }
        try writer.write { try $0.put(table, Array("huge".utf8), [UInt8](repeating: 0xAB, count: 3 << 20)) }
        writer.stop()

        #expect(failures.values.isEmpty)
        #expect(writer.stats.replays >= 1)
        let stats = try environment.stats()
        #expect(stats.mapSize >= 8 << 20)
        #expect(stats.pagesUsed * stats.pageSize <= stats.mapSize)
        try environment.read { transaction throws in
            #expect(try transaction.count(table) == 401)
            #expect(try transaction.get(table, Array("3-99".utf8)) == [UInt8](repeating: 99, count: 8 << 10))
            #expect(try transaction.get(table, Array("huge".utf8))?.count == 3 << 20)
        }
    }

    /// LMDB forbids opening one environment twice in a process, so the other process is StoreProbe.
    @Test func adoptsAMapGrownByAnotherProcess() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("env")
        let environment = try Environment(path: path, options: .init(mapSize: 1 << 20))
        defer { environment.close() }
        let own = try environment.openTable("own")
        let writer = Writer(environment: environment)
        defer { writer.stop() }
        try writer.write { try $0.put(own, [1], [1]) }
        #expect(try environment.stats().mapSize == 1 << 20)

        // StoreProbe writes 8 MiB, growing its map from 1 MiB, while we keep ours open at 1 MiB.
        let probe = try ProbeProcess.spawn(["grow", path, "--bytes", "\(8 << 20)", "--map-size", "\(1 << 20)"], output: directory.appending("grow.out"))
        let status = try probe.wait(seconds: 60)
        #expect(SpawnedProcess.exitedCleanly(status), "StoreProbe grow exited with status \(status)")

        // Our next read transaction meets MDB_MAP_RESIZED and adopts the new size.
        #expect(try environment.read { try $0.get(own, [1]) } == [1])
        let stats = try environment.stats()
        #expect(stats.mapSize > 8 << 20)
        let grown = try environment.openTable("grown")
        #expect(try environment.read { try $0.count(grown) } == (8 << 20) / 4096)
        // And our writer keeps writing after the adoption.
        try writer.write { try $0.put(own, [2], [2]) }
        #expect(try environment.read { try $0.get(own, [2]) } == [2])
    }

    @Test func backupAdoptsAMapGrownByAnotherProcess() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("env")
        let environment = try Environment(path: path, options: .init(mapSize: 1 << 20))
        defer { environment.close() }
        _ = try environment.openTable("own")

        let probe = try ProbeProcess.spawn(["grow", path, "--bytes", "\(4 << 20)", "--map-size", "\(1 << 20)"], output: directory.appending("grow.out"))
        let status = try probe.wait(seconds: 60)
        #expect(SpawnedProcess.exitedCleanly(status), "StoreProbe grow exited with status \(status)")

        // mdb_env_copy2's own read transaction is the first to meet MDB_MAP_RESIZED.
        try environment.backup(to: directory.appending("copy"))
        #expect(try environment.stats().mapSize > 4 << 20)
        let copy = try Environment(path: directory.appending("copy"))
        defer { copy.close() }
        let grown = try copy.openTable("grown")
        #expect(try copy.read { try $0.count(grown) } == (4 << 20) / 4096)
    }
}
