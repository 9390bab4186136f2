/// One entry of a zip archive, as its central directory record describes it.
///
/// The sizes are what the archive declares; `ZipArchive.contents(of:)` does not trust them.
public struct ZipEntry: Sendable, Equatable {
    /// The entry's name, decoded as UTF-8 (invalid bytes replaced). Not checked here: reading
    /// an unsafe name fails with `ZipEntryProblem.Code.unsafePath`.
    public var name: String
    /// Bytes stored in the archive.
    public var compressedSize: Int
    /// Bytes once inflated.
    public var uncompressedSize: Int
    /// The compression method: 0 stored, 8 deflate; others are refused when read.
    public var method: UInt16
    /// Whether the name ends with `/`.
    public var isDirectory: Bool
    /// The CRC-32 of the uncompressed bytes.
    public var crc32: UInt32
    /// The general purpose bit flags (bit 0: encrypted).
    public var flags: UInt16
    /// Where the entry's local header starts in the file.
    public var localHeaderOffset: Int

    /// An entry with these central directory values; `isDirectory` follows from the name.
    public init(
        name: String, compressedSize: Int, uncompressedSize: Int, method: UInt16,
        crc32: UInt32, flags: UInt16, localHeaderOffset: Int
    ) {
        self.name = name
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.method = method
        self.isDirectory = name.hasSuffix("/")
        self.crc32 = crc32
        self.flags = flags
        self.localHeaderOffset = localHeaderOffset
    }

    /// General purpose bit 0 (traditional encryption) or 6 (strong encryption).
    public var isEncrypted: Bool { flags & 0x0041 != 0 }
}
