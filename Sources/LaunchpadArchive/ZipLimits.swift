/// Limits that make a hostile archive fail safely.
///
/// Each is enforced on the bytes actually produced while inflating, not only on the sizes an
/// archive declares: a central directory can lie.
public struct ZipLimits: Sendable, Equatable {
    /// Entries in the central directory; more fail the whole archive.
    public var maxEntries: Int
    /// Uncompressed bytes of one entry.
    public var maxEntrySize: Int
    /// Uncompressed bytes over every entry this archive value has read.
    public var maxTotalSize: Int
    /// Uncompressed bytes per compressed byte, per deflated entry: a decompression bomb's mark.
    public var maxRatio: Int

    /// Limits with the given values; the defaults suit an OSV `all.zip` (tens of thousands of small JSON entries).
    public init(
        maxEntries: Int = 2_000_000,
        maxEntrySize: Int = 16 << 20,
        maxTotalSize: Int = 8 << 30,
        maxRatio: Int = 1000
    ) {
        self.maxEntries = maxEntries
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
        self.maxRatio = maxRatio
    }
}
