import Synchronization

/// A zip archive read from its central directory (zip64 end records included), without
/// extracting anything to disk.
///
/// Opening reads only the end records and the central directory. Each entry is read on demand
/// with `contents(of:)`, which inflates it in memory under `limits` and checks its CRC-32; a
/// refused entry does not stop the others from being read. Safe to use from several threads.
public final class ZipArchive: Sendable {
    /// The archive's path.
    public let path: String
    /// The limits every read is held to.
    public let limits: ZipLimits
    /// The entries in central directory order, unsafe names included.
    public let entries: [ZipEntry]

    let file: ArchiveFile
    /// Where the central directory starts: no entry's data may reach past it.
    let directoryOffset: Int
    /// Every entry's local header offset, sorted, each once: an entry's data must end before the next one.
    let localHeaderOffsets: [Int]
    /// Local header offsets that more than one entry points at.
    let sharedLocalHeaderOffsets: Set<Int>
    /// Uncompressed bytes returned so far, counted against `ZipLimits.maxTotalSize`.
    let totalRead = Mutex(0)

    /// Opens the archive at `path` and reads its central directory.
    public init(path: String, limits: ZipLimits = ZipLimits()) throws(ZipArchiveError) {
        do throws(ArchiveFile.Failure) {
            file = try ArchiveFile(path: path)
        } catch {
            throw ZipArchiveError(.io, path: path, message: error.message)
        }
        let directory = try CentralDirectoryReader(file: file, path: path, limits: limits).read()
        var entriesPerOffset: [Int: Int] = [:]
        for entry in directory.entries {
            entriesPerOffset[entry.localHeaderOffset, default: 0] += 1
        }
        self.path = path
        self.limits = limits
        self.entries = directory.entries
        self.directoryOffset = directory.directoryOffset
        self.localHeaderOffsets = entriesPerOffset.keys.sorted()
        self.sharedLocalHeaderOffsets = Set(entriesPerOffset.filter { $0.value > 1 }.keys)
    }
}
