#if canImport(Glibc)
import Glibc
#endif
internal import CLMDB

extension Environment {
    /// The map size, page use and reader slots right now.
    public func stats() throws -> EnvironmentStats {
        try withEnvironment("stats") { environment in
            var info = MDB_envinfo()
            var returnCode = mdb_env_info(environment, &info)
            guard returnCode == 0 else { throw StoreError(code: returnCode, operation: "mdb_env_info") }
            var stat = MDB_stat()
            returnCode = mdb_env_stat(environment, &stat)
            guard returnCode == 0 else { throw StoreError(code: returnCode, operation: "mdb_env_stat") }
            return EnvironmentStats(
                mapSize: info.me_mapsize,
                pageSize: Int(stat.ms_psize),
                pagesUsed: info.me_last_pgno + 1,
                maxReaders: Int(info.me_maxreaders),
                readersInUse: try Self.liveReaders(environment))
        }
    }

    /// The names of every table in the environment, in byte order.
    public func tableNames() throws -> [String] {
        try withTransaction(readOnly: true) { transaction in
            // The unnamed main database lists the named ones as its keys.
            var main: MDB_dbi = 0
            try transaction.check(mdb_dbi_open(try transaction.live("mdb_dbi_open"), nil, 0, &main), "mdb_dbi_open")
            var names: [String] = []
            try ReadTransaction(handle: transaction).scan(Table(name: "", dbi: main)) { key, _ in
                names.append(String(decoding: key, as: UTF8.self))
                return true
            }
            return names
        }
    }

    /// Counts reader slots holding a transaction: `mdb_reader_list` prints one line per slot in
    /// use, `pid thread txnid`, with `-` as the txnid of a slot that is idle.
    private static func liveReaders(_ environment: OpaquePointer) throws -> Int {
        var count = 0
        let returnCode = withUnsafeMutablePointer(to: &count) { counter in
            mdb_reader_list(environment, { message, context in
                guard let message, let context else { return 0 }
                // A slot line ends in its txnid digits, or in `-` when idle; the header line ends in
                // "txnid". Reading the last byte keeps this cheap: the health probe runs it per request.
                var length = strlen(message)
                while length > 0 && (message[length - 1] == 0x0A || message[length - 1] == 0x20) { length -= 1 }
                if length > 0, message[length - 1] >= 0x30 && message[length - 1] <= 0x39 {
                    context.assumingMemoryBound(to: Int.self).pointee += 1
                }
                return 0
            }, counter)
        }
        guard returnCode >= 0 else { throw StoreError(code: returnCode, operation: "mdb_reader_list") }
        return count
    }
}
