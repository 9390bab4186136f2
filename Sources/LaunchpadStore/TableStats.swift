/// What `mdb_stat` reports for one table.
public struct TableStats: Sendable, Equatable {
    /// Number of key/value pairs.
    public var entries: Int
    /// Height of the B-tree (0 for an empty table).
    public var depth: Int
    /// Number of internal (branch) pages.
    public var branchPages: Int
    /// Number of leaf pages.
    public var leafPages: Int
    /// Number of overflow pages (values larger than about half a page).
    public var overflowPages: Int
    /// The size of one page in bytes.
    public var pageSize: Int

    /// Creates statistics from their parts.
    public init(entries: Int, depth: Int, branchPages: Int, leafPages: Int, overflowPages: Int, pageSize: Int) {
        self.entries = entries
        self.depth = depth
        self.branchPages = branchPages
        self.leafPages = leafPages
        self.overflowPages = overflowPages
        self.pageSize = pageSize
    }
}
