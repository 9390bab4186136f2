/// The uncompressed bytes one entry may produce, bounded by each limit, and which limit a count passes.
struct OutputBudget {
    private let limits: ZipLimits
    private let compressedSize: Int
    /// `ZipLimits.maxEntrySize`.
    private let entryLimit: Int
    /// `compressedSize × maxRatio` for deflated entries; none for stored ones.
    private let ratioLimit: Int
    /// What is left of `ZipLimits.maxTotalSize` after the entries read so far.
    private let totalLimit: Int

    init(limits: ZipLimits, compressedSize: Int, isDeflated: Bool, totalUsed: Int) {
        self.limits = limits
        self.compressedSize = compressedSize
        entryLimit = limits.maxEntrySize
        if isDeflated {
            let (product, overflow) = compressedSize.multipliedReportingOverflow(by: limits.maxRatio)
            ratioLimit = overflow ? .max : product
        } else {
            ratioLimit = .max
        }
        totalLimit = totalUsed >= limits.maxTotalSize ? 0 : limits.maxTotalSize - totalUsed
    }

    /// The most bytes the entry may produce.
    var maximum: Int { min(entryLimit, ratioLimit, totalLimit) }

    /// The limit `count` uncompressed bytes would pass, with a sentence, or nil when within all of them.
    func exceeded(by count: Int) -> (code: ZipEntryProblem.Code, reason: String)? {
        if count > entryLimit {
            return (.tooLarge, "more than the limit of \(limits.maxEntrySize) bytes per entry")
        }
        if count > ratioLimit {
            return (.ratioExceeded, "more than \(limits.maxRatio) times its \(compressedSize) compressed bytes")
        }
        if count > totalLimit {
            return (.totalExceeded, "past the limit of \(limits.maxTotalSize) uncompressed bytes over the archive")
        }
        return nil
    }
}
