/// Finds the end records of a zip archive (zip64 included) and parses its central directory into entries.
struct CentralDirectoryReader {
    private static let endSignature: UInt32 = 0x0605_4b50
    private static let zip64EndSignature: UInt32 = 0x0606_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    private static let centralSignature: UInt32 = 0x0201_4b50
    private static let localSignature: UInt32 = 0x0403_4b50
    private static let endRecordSize = 22
    private static let zip64EndRecordSize = 56
    private static let zip64LocatorSize = 20
    private static let centralRecordSize = 46

    let file: ArchiveFile
    let path: String
    let limits: ZipLimits

    /// The entries in central directory order, and where the central directory starts.
    func read() throws(ZipArchiveError) -> (entries: [ZipEntry], directoryOffset: Int) {
        let end = try findEnd()
        guard end.entryCount <= limits.maxEntries else {
            throw failure(.tooManyEntries, "\(end.entryCount) entries, more than the limit of \(limits.maxEntries)")
        }
        guard end.directoryOffset <= end.recordsOffset, end.directorySize <= end.recordsOffset - end.directoryOffset else {
            throw failure(.corrupt, "the central directory (\(end.directorySize) bytes at \(end.directoryOffset)) runs past the end records at \(end.recordsOffset)")
        }
        guard end.entryCount <= end.directorySize / Self.centralRecordSize else {
            throw failure(.corrupt, "\(end.entryCount) entries cannot fit in a central directory of \(end.directorySize) bytes")
        }
        let bytes = try read(at: end.directoryOffset, count: end.directorySize)
        guard bytes.count == end.directorySize else {
            throw failure(.truncated, "the central directory is cut short")
        }
        var reader = LittleEndianReader(bytes)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.entryCount)
        for index in 0..<end.entryCount {
            guard let entry = Self.entry(from: &reader) else {
                throw failure(.corrupt, "central directory record \(index) is malformed")
            }
            entries.append(entry)
        }
        return (entries, end.directoryOffset)
    }

    /// Searches the last 64 KiB + 22 bytes for the end record, then looks for a zip64 locator just before it.
    private func findEnd() throws(ZipArchiveError) -> EndOfCentralDirectory {
        let tailLength = min(file.size, Self.endRecordSize + 0xFFFF)
        let tailOffset = file.size - tailLength
        let tail = try read(at: tailOffset, count: tailLength)
        var position = tail.count - Self.endRecordSize
        while position >= 0 {
            var reader = LittleEndianReader(tail, at: position)
            if reader.uint32() == Self.endSignature,
               let disk = reader.uint16(), let directoryDisk = reader.uint16(),
               let entriesOnDisk = reader.uint16(), let entryCount = reader.uint16(),
               let directorySize = reader.uint32(), let directoryOffset = reader.uint32(),
               let commentLength = reader.uint16(), Int(commentLength) <= reader.remaining {
                let recordOffset = tailOffset + position
                if let zip64 = try zip64End(before: recordOffset) {
                    return zip64
                }
                try requireSingleDisk(disk: UInt64(disk), directoryDisk: UInt64(directoryDisk),
                                      entriesOnDisk: UInt64(entriesOnDisk), entryCount: UInt64(entryCount))
                return EndOfCentralDirectory(
                    entryCount: Int(entryCount), directoryOffset: Int(directoryOffset),
                    directorySize: Int(directorySize), recordsOffset: recordOffset)
            }
            position -= 1
        }
        var head = LittleEndianReader(try read(at: 0, count: 4))
        if head.uint32() == Self.localSignature {
            throw failure(.truncated, "no end of central directory record: the archive is cut short")
        }
        throw failure(.notAZip, "not a zip archive (no end of central directory record)")
    }

    /// The zip64 end record, when a zip64 locator sits just before the end record at `endOffset`.
    private func zip64End(before endOffset: Int) throws(ZipArchiveError) -> EndOfCentralDirectory? {
        let locatorOffset = endOffset - Self.zip64LocatorSize
        guard locatorOffset >= 0 else { return nil }
        var locator = LittleEndianReader(try read(at: locatorOffset, count: Self.zip64LocatorSize))
        guard locator.uint32() == Self.zip64LocatorSignature else { return nil }
        guard locator.skip(4), let recordOffset = locator.uint64().flatMap(Int.init(exactly:)),
              recordOffset <= locatorOffset - Self.zip64EndRecordSize else {
            throw failure(.corrupt, "the zip64 locator points outside the archive")
        }
        var record = LittleEndianReader(try read(at: recordOffset, count: Self.zip64EndRecordSize))
        guard record.uint32() == Self.zip64EndSignature, record.skip(8 + 2 + 2),
              let disk = record.uint32(), let directoryDisk = record.uint32(),
              let entriesOnDisk = record.uint64(), let entryCount = record.uint64(),
              let directorySize = record.uint64(), let directoryOffset = record.uint64() else {
            throw failure(.corrupt, "no zip64 end of central directory record where the locator points (\(recordOffset))")
        }
        try requireSingleDisk(disk: UInt64(disk), directoryDisk: UInt64(directoryDisk),
                              entriesOnDisk: entriesOnDisk, entryCount: entryCount)
        guard let count = Int(exactly: entryCount), let size = Int(exactly: directorySize),
              let offset = Int(exactly: directoryOffset) else {
            throw failure(.corrupt, "the zip64 end record holds impossible sizes")
        }
        return EndOfCentralDirectory(entryCount: count, directoryOffset: offset, directorySize: size, recordsOffset: recordOffset)
    }

    private func requireSingleDisk(disk: UInt64, directoryDisk: UInt64, entriesOnDisk: UInt64, entryCount: UInt64) throws(ZipArchiveError) {
        guard disk == 0, directoryDisk == 0, entriesOnDisk == entryCount else {
            throw failure(.unsupported, "the archive is split over several disks")
        }
    }

    /// One central directory record, or nil when it is malformed.
    private static func entry(from reader: inout LittleEndianReader) -> ZipEntry? {
        guard reader.uint32() == centralSignature, reader.skip(4),
              let flags = reader.uint16(), let method = reader.uint16(), reader.skip(4),
              let crc = reader.uint32(), let compressed32 = reader.uint32(), let uncompressed32 = reader.uint32(),
              let nameLength = reader.uint16(), let extraLength = reader.uint16(), let commentLength = reader.uint16(),
              reader.skip(2 + 2 + 4), let offset32 = reader.uint32(),
              let name = reader.bytes(Int(nameLength)), let extra = reader.bytes(Int(extraLength)),
              reader.skip(Int(commentLength)) else {
            return nil
        }
        var uncompressed = UInt64(uncompressed32)
        var compressed = UInt64(compressed32)
        var offset = UInt64(offset32)
        if uncompressed32 == .max || compressed32 == .max || offset32 == .max {
            guard var zip64 = zip64Extra(in: extra) else { return nil }
            // Only the fields saturated in the record are present, in this order.
            if uncompressed32 == .max { guard let value = zip64.uint64() else { return nil }; uncompressed = value }
            if compressed32 == .max { guard let value = zip64.uint64() else { return nil }; compressed = value }
            if offset32 == .max { guard let value = zip64.uint64() else { return nil }; offset = value }
        }
        guard let uncompressedSize = Int(exactly: uncompressed), let compressedSize = Int(exactly: compressed),
              let localHeaderOffset = Int(exactly: offset) else {
            return nil
        }
        return ZipEntry(
            name: String(decoding: name, as: UTF8.self), compressedSize: compressedSize,
            uncompressedSize: uncompressedSize, method: method, crc32: crc, flags: flags,
            localHeaderOffset: localHeaderOffset)
    }

    /// A reader over the data of the zip64 extended information field (header ID 0x0001).
    private static func zip64Extra(in extra: ArraySlice<UInt8>) -> LittleEndianReader? {
        var reader = LittleEndianReader(Array(extra))
        while let id = reader.uint16(), let size = reader.uint16() {
            guard let data = reader.bytes(Int(size)) else { return nil }
            if id == 0x0001 { return LittleEndianReader(Array(data)) }
        }
        return nil
    }

    private func read(at offset: Int, count: Int) throws(ZipArchiveError) -> [UInt8] {
        do throws(ArchiveFile.Failure) {
            return try file.read(at: offset, count: count)
        } catch {
            throw failure(.io, error.message)
        }
    }

    private func failure(_ code: ZipArchiveError.Code, _ message: String) -> ZipArchiveError {
        ZipArchiveError(code, path: path, message: message)
    }
}
