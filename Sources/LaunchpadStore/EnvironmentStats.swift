/// The state of an environment's map and reader table, as returned by `Environment.stats()`.
public struct EnvironmentStats: Sendable, Equatable {
    /// The current size of the memory map in bytes (grows when the writer meets `MDB_MAP_FULL`).
    public var mapSize: Int
    /// The size of one page in bytes.
    public var pageSize: Int
    /// Pages in use in the data file: the last used page number plus one.
    public var pagesUsed: Int
    /// Reader slots in the lock file.
    public var maxReaders: Int
    /// Reader slots holding a live read transaction right now, in any process.
    public var readersInUse: Int

    /// Creates statistics from their parts.
    public init(mapSize: Int, pageSize: Int, pagesUsed: Int, maxReaders: Int, readersInUse: Int) {
        self.mapSize = mapSize
        self.pageSize = pageSize
        self.pagesUsed = pagesUsed
        self.maxReaders = maxReaders
        self.readersInUse = readersInUse
    }
}
