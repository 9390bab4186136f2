import Foundation
internal import CLMDB

extension Environment {
    /// Writes a consistent, compacted copy of the environment into `directory`
    /// (`mdb_env_copy2` with `MDB_CP_COMPACT`) while other threads and processes keep writing.
    ///
    /// The copy is the snapshot of one read transaction: every write committed before the call
    /// began is in it. `directory` is created (mode 0700) if missing and must not already hold a
    /// `data.mdb`. Open the copy as an `Environment` of its own.
    public func backup(to directory: String) throws {
        try Directory.create(directory, for: "backup")
        let dataFile = (directory as NSString).appendingPathComponent("data.mdb")
        guard !FileManager.default.fileExists(atPath: dataFile) else {
            throw StoreError(code: EEXIST, operation: "backup", message: "\(dataFile) already exists")
        }
        while true {
            // The copy runs its own read transaction, so it holds the map lock shared like any
            // reader; a map growth waits for it to finish.
            let returnCode = try withEnvironment("mdb_env_copy2") { environment in
                mdb_env_copy2(environment, directory, UInt32(MDB_CP_COMPACT))
            }
            if returnCode == MDB_MAP_RESIZED && mapLock.sharedDepth == 0 {
                // Another process grew the map. The copy had already created data.mdb (with
                // O_EXCL) when its transaction failed to begin: remove it, adopt, go again.
                unlink(dataFile)
                try adoptMapSize()
                continue
            }
            guard returnCode == 0 else {
                throw StoreError(code: returnCode, operation: "mdb_env_copy2 \(directory)")
            }
            return
        }
    }
}
