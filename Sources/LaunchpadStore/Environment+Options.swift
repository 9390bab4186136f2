extension Environment {
    /// How an environment is opened.
    public struct Options: Sendable {
        /// The initial size of the memory map in bytes; it grows by doubling when full.
        public var mapSize: Int
        /// The most named tables the environment can hold (`mdb_env_set_maxdbs`).
        public var maxTables: UInt32
        /// The number of reader slots (`mdb_env_set_maxreaders`): the most concurrent read
        /// transactions across all processes.
        public var maxReaders: UInt32
        /// Whether a commit returns only after fsync. False opens with `MDB_NOSYNC`, for volatile
        /// state (rate limits) that may be lost in a crash.
        public var durable: Bool
        /// Whether to open with `MDB_WRITEMAP | MDB_MAPASYNC`: a write transaction writes into a
        /// writable shared map instead of copying its pages and `pwrite`-ing them at commit,
        /// which makes small commits several times cheaper (see `Environment.update(_:)`). The
        /// data file's blocks are allocated for the whole map (at open, and before it grows), so
        /// that a full disk is an error rather than a SIGBUS; the file takes the map's size on disk.
        ///
        /// Only for volatile environments: it requires `durable == false` (the environment
        /// refuses to open otherwise, with `EINVAL`). LMDB forbids nested transactions with a
        /// write map, and the `Writer` nests one per closure, so a `Writer` on such an
        /// environment refuses every write (`EINVAL`): write with `update(_:)` instead.
        public var writeMap: Bool

        /// Creates options; the defaults suit the main environment.
        public init(
            mapSize: Int = 64 << 20, maxTables: UInt32 = 64, maxReaders: UInt32 = 1024, durable: Bool = true,
            writeMap: Bool = false
        ) {
            self.mapSize = mapSize
            self.maxTables = maxTables
            self.maxReaders = maxReaders
            self.durable = durable
            self.writeMap = writeMap
        }
    }
}
