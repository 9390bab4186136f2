/// Why a whole archive could not be opened.
public struct ZipArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes, one per kind of failure.
    public enum Code: String, Sendable {
        /// No end of central directory record, and the file does not start like a zip archive.
        case notAZip
        /// It starts like a zip archive but its end, or its central directory, is missing.
        case truncated
        /// More entries than `ZipLimits.maxEntries`.
        case tooManyEntries
        /// The end records or the central directory do not parse.
        case corrupt
        /// An archive split over several disks.
        case unsupported
        /// Opening or reading the file failed (the message carries the errno text).
        case io
    }

    /// What kind of failure.
    public var code: Code
    /// The archive's path.
    public var path: String
    /// A sentence saying what is wrong.
    public var message: String

    /// An error about the archive at `path`.
    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
