/// Why one entry was refused. The rest of the archive stays readable: an importer skips the
/// entry, counts it by `code` and goes on.
public struct ZipEntryProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes, one per kind of refusal.
    public enum Code: String, Sendable {
        /// An absolute name, a `..` component, a backslash, a NUL, a drive letter, or an empty name.
        case unsafePath
        /// More than `ZipLimits.maxEntrySize` uncompressed bytes.
        case tooLarge
        /// More than `ZipLimits.maxRatio` uncompressed bytes per compressed byte.
        case ratioExceeded
        /// Reading it would pass `ZipLimits.maxTotalSize` over the archive.
        case totalExceeded
        /// A compression method other than 0 (stored) and 8 (deflate).
        case unsupportedMethod
        /// Flagged as encrypted.
        case encrypted
        /// Broken: a bad local header, deflate data that does not decode, sizes that do not
        /// match the data, data outside the file, or a read that failed.
        case corrupt
        /// The inflated bytes do not have the declared CRC-32.
        case crcMismatch
        /// Its data shares bytes with another entry's (the "overlapping files" zip bomb).
        case overlapping
    }

    /// What kind of refusal, for counting.
    public var code: Code
    /// The entry's name as the central directory gives it.
    public var entryName: String
    /// `entry name: what is wrong`.
    public var description: String

    /// A problem whose description is `entryName: reason`.
    public init(_ code: Code, entryName: String, reason: String) {
        self.code = code
        self.entryName = entryName
        self.description = "\(entryName): \(reason)"
    }
}
