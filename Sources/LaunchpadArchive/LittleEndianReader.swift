/// Reads little-endian fields from bytes, answering nil instead of reading past the end.
struct LittleEndianReader {
    private let bytes: [UInt8]
    /// The index of the next byte to read.
    private(set) var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { max(0, bytes.count - position) }

    mutating func uint16() -> UInt16? {
        integer(size: 2).map { UInt16(truncatingIfNeeded: $0) }
    }

    mutating func uint32() -> UInt32? {
        integer(size: 4).map { UInt32(truncatingIfNeeded: $0) }
    }

    mutating func uint64() -> UInt64? {
        integer(size: 8)
    }

    /// The next `count` bytes.
    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func skip(_ count: Int) -> Bool {
        bytes(count) != nil
    }

    private mutating func integer(size: Int) -> UInt64? {
        guard let slice = bytes(size) else { return nil }
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() {
            value |= UInt64(byte) << (8 * shift)
        }
        return value
    }
}
