import Foundation
import LaunchpadStore
import LaunchpadTestSupport
import Testing

@Suite struct DurabilityTests {
    /// StoreProbe writes from 16 threads and prints each id after its write returned; we SIGKILL
    /// it at a random moment, then every printed id must be there with its value, and the
    /// environment must be consistent. Five rounds on the same directory.
    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("env")
        var acknowledged: [String] = []

        for round in 1...5 {
            let probe = try ProbeProcess.spawn(["write", path], output: directory.appending("round-\(round).out"))
            usleep(UInt32.random(in: 200_000...800_000))
            probe.forceKill()
            #expect(SpawnedProcess.killed(probe.wait(), by: SIGKILL))
            let printed = try probe.lines()
            acknowledged += printed

            let environment = try Environment(path: path)
            defer { environment.close() }
            let table = try environment.openTable("probe")
            try environment.read { transaction throws in
                var missing: [String] = []
                for id in acknowledged where try transaction.get(table, Array(id.utf8)) != ProbeProcess.value(for: id) {
                    missing.append(id)
                }
                #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged ids missing or wrong, e.g. \(missing.prefix(5))")
                #expect(try transaction.count(table) >= acknowledged.count)
            }
            try expectConsistent(environment, round: round)
        }
        #expect(!acknowledged.isEmpty, "StoreProbe acknowledged no write in five rounds")
    }

    /// Walks every table with a cursor: keys strictly ascending, as many as `mdb_stat` counts,
    /// page counts within the file; and every probe record's value is the one for its key.
    private func expectConsistent(_ environment: Environment, round: Int) throws {
        let pagesUsed = try environment.stats().pagesUsed
        for name in try environment.tableNames() {
            let table = try environment.openTable(name)
            try environment.read { transaction throws in
                let stats = try transaction.stats(table)
                var walked = 0
                var previous: [UInt8]?
                var disorder = 0
                var wrongValues = 0
                try transaction.scan(table) { key, value in
                    if let previous, !previous.lexicographicallyPrecedes(key) {
                        disorder += 1
                    }
                    if name == "probe", value != ProbeProcess.value(for: String(decoding: key, as: UTF8.self)) {
                        wrongValues += 1
                    }
                    previous = key
                    walked += 1
                    return true
                }
                #expect(walked == stats.entries, "round \(round), table \(name)")
                #expect(disorder == 0, "round \(round), table \(name)")
                #expect(wrongValues == 0, "round \(round), table \(name)")
                #expect(stats.entries == 0 || (stats.depth >= 1 && stats.leafPages >= 1))
                #expect(stats.branchPages + stats.leafPages + stats.overflowPages < pagesUsed)
            }
        }
    }
}
