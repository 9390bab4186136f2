import Foundation
import LaunchpadStore
import Testing

@Suite struct StoreErrorTests {
    @Test func descriptionNamesTheOperationTheLMDBTextAndTheCode() {
        let error = StoreError(code: -30792, operation: "mdb_put agents")
        #expect(error.description == "mdb_put agents: MDB_MAP_FULL: Environment mapsize limit reached (-30792)")
        #expect(StoreError(code: ENOENT, operation: "mdb_env_open").message == "No such file or directory")
    }

    @Test func equalityComparesCodesSoNamedErrorsMatchAnyOperation() {
        #expect(StoreError(code: -30792, operation: "mdb_txn_commit") == .mapFull)
        #expect(StoreError(code: -30798, operation: "x") == .notFound)
        #expect(StoreError.mapFull != .notFound)
        #expect(StoreError.environmentClosed.code != StoreError.writerStopped.code)
    }
}
