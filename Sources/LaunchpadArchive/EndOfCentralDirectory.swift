/// What the end of central directory record (or its zip64 form) says about the central directory.
struct EndOfCentralDirectory {
    /// Entries in the central directory.
    var entryCount: Int
    /// Where the central directory starts in the file.
    var directoryOffset: Int
    /// Its length in bytes.
    var directorySize: Int
    /// Where the end records start; the central directory must end at or before it.
    var recordsOffset: Int
}
