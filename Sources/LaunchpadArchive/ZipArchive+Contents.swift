extension ZipArchive {
    private static let localHeaderSize = 30
    private static let localSignature: UInt32 = 0x0403_4b50
    private static let chunkSize = 64 << 10

    /// The entry's bytes, inflated (methods 0 stored and 8 deflate) with the limits enforced
    /// while inflating, whatever sizes the archive declares, and the CRC-32 checked.
    ///
    /// Memory is bounded by one entry: at most `limits.maxEntrySize` bytes and a 64 KiB chunk.
    public func contents(of entry: ZipEntry) throws(ZipEntryProblem) -> [UInt8] {
        func problem(_ code: ZipEntryProblem.Code, _ reason: String) -> ZipEntryProblem {
            ZipEntryProblem(code, entryName: entry.name, reason: reason)
        }
        if let reason = EntryName.unsafeReason(entry.name) {
            throw problem(.unsafePath, reason)
        }
        if entry.isEncrypted {
            throw problem(.encrypted, "the entry is encrypted")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw problem(.unsupportedMethod, "compression method \(entry.method) is neither stored (0) nor deflate (8)")
        }
        if sharedLocalHeaderOffsets.contains(entry.localHeaderOffset) {
            throw problem(.overlapping, "another entry shares its local header at offset \(entry.localHeaderOffset)")
        }
        let budget = OutputBudget(
            limits: limits, compressedSize: entry.compressedSize, isDeflated: entry.method == 8,
            totalUsed: totalRead.withLock { $0 })
        if let exceeded = budget.exceeded(by: entry.uncompressedSize) {
            throw problem(exceeded.code, "declares \(entry.uncompressedSize) bytes, \(exceeded.reason)")
        }
        let data = try dataRange(of: entry)
        let output = try read(data, of: entry, budget: budget)
        guard output.count == entry.uncompressedSize else {
            throw problem(.corrupt, "declares \(entry.uncompressedSize) bytes but holds \(output.count)")
        }
        let crc = CRC32.checksum(output)
        guard crc == entry.crc32 else {
            throw problem(.crcMismatch, "CRC-32 \(hex(crc)) where \(hex(entry.crc32)) is declared")
        }
        let withinTotal = totalRead.withLock { total in
            guard output.count <= limits.maxTotalSize - total else { return false }
            total += output.count
            return true
        }
        guard withinTotal else {
            throw problem(.totalExceeded, "past the limit of \(limits.maxTotalSize) uncompressed bytes over the archive")
        }
        return output
    }

    /// Where the entry's data lies, from its local header, checked to end before the next entry
    /// and the central directory.
    private func dataRange(of entry: ZipEntry) throws(ZipEntryProblem) -> Range<Int> {
        func corrupt(_ reason: String) -> ZipEntryProblem {
            ZipEntryProblem(.corrupt, entryName: entry.name, reason: reason)
        }
        let offset = entry.localHeaderOffset
        guard offset >= 0, offset <= directoryOffset - Self.localHeaderSize else {
            throw corrupt("its local header offset \(offset) is not before the central directory at \(directoryOffset)")
        }
        var header = LittleEndianReader(try read(at: offset, count: Self.localHeaderSize, of: entry))
        guard header.uint32() == Self.localSignature, header.skip(22),
              let nameLength = header.uint16(), let extraLength = header.uint16() else {
            throw corrupt("no local header at offset \(offset)")
        }
        let nameOffset = offset + Self.localHeaderSize
        let localName = try read(at: nameOffset, count: Int(nameLength), of: entry)
        guard String(decoding: localName, as: UTF8.self) == entry.name else {
            throw corrupt("its local header names another entry")
        }
        let start = nameOffset + Int(nameLength) + Int(extraLength)
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard entry.compressedSize >= 0, !overflow else {
            throw corrupt("impossible compressed size \(entry.compressedSize)")
        }
        if let next = nextLocalHeaderOffset(after: offset), next < directoryOffset {
            guard end <= next else {
                throw ZipEntryProblem(.overlapping, entryName: entry.name,
                                      reason: "its data (bytes \(start)..<\(end)) runs into the entry at offset \(next)")
            }
        }
        guard end <= directoryOffset else {
            throw corrupt("its data (bytes \(start)..<\(end)) runs into the central directory at \(directoryOffset)")
        }
        return start..<end
    }

    /// Reads `range` chunk by chunk, inflating when the entry is deflated, and stops as soon as
    /// the output passes `budget`.
    private func read(_ range: Range<Int>, of entry: ZipEntry, budget: OutputBudget) throws(ZipEntryProblem) -> [UInt8] {
        func problem(_ code: ZipEntryProblem.Code, _ reason: String) -> ZipEntryProblem {
            ZipEntryProblem(code, entryName: entry.name, reason: reason)
        }
        func overBudget(_ count: Int) -> ZipEntryProblem {
            let exceeded = budget.exceeded(by: count) ?? (.corrupt, "beyond its budget")
            return problem(exceeded.code, "inflates to \(exceeded.reason)")
        }
        var inflater: Inflater?
        if entry.method == 8 {
            guard let started = Inflater() else { throw problem(.corrupt, "zlib could not start inflating") }
            inflater = started
        }
        var output: [UInt8] = []
        output.reserveCapacity(max(0, min(entry.uncompressedSize, budget.maximum)))
        var streamEnded = false
        var position = range.lowerBound
        while position < range.upperBound && !streamEnded {
            let chunk = try read(at: position, count: min(Self.chunkSize, range.upperBound - position), of: entry)
            guard !chunk.isEmpty else { throw problem(.corrupt, "the file ends inside its data, at \(position)") }
            position += chunk.count
            guard let inflater else {
                output.append(contentsOf: chunk)
                if output.count > budget.maximum { throw overBudget(output.count) }
                continue
            }
            switch inflater.inflate(chunk, appendingTo: &output, limit: budget.maximum) {
            case .needsInput:
                continue
            case .streamEnd:
                streamEnded = true
            case .overLimit:
                throw overBudget(output.count)
            case .dataError(let message):
                throw problem(.corrupt, "its deflate data does not decode: \(message)")
            }
        }
        if inflater != nil && !streamEnded {
            throw problem(.corrupt, "its deflate data ends before the end of the stream")
        }
        return output
    }

    /// The smallest local header offset greater than `offset`.
    private func nextLocalHeaderOffset(after offset: Int) -> Int? {
        var low = 0
        var high = localHeaderOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if localHeaderOffsets[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low < localHeaderOffsets.count ? localHeaderOffsets[low] : nil
    }

    private func read(at offset: Int, count: Int, of entry: ZipEntry) throws(ZipEntryProblem) -> [UInt8] {
        do throws(ArchiveFile.Failure) {
            return try file.read(at: offset, count: count)
        } catch {
            throw ZipEntryProblem(.corrupt, entryName: entry.name, reason: error.message)
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
