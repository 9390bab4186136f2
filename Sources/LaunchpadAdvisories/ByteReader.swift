/// Reads `ByteWriter`'s primitives, refusing anything truncated or malformed with `.invalidEncoding`.
struct ByteReader {
    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index == bytes.endIndex }

    static func failure(_ what: String) -> OSVRecordProblem {
        OSVRecordProblem(.invalidEncoding, "the advisory bytes are not a valid encoding: \(what)")
    }

    mutating func byte() throws(OSVRecordProblem) -> UInt8 {
        guard index < bytes.endIndex else { throw Self.failure("truncated") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func varint() throws(OSVRecordProblem) -> UInt64 {
        // Most numbers (version parts, counts, lengths) fit in the first byte.
        if index < bytes.endIndex, bytes[index] < 0x80 {
            index += 1
            return UInt64(bytes[index - 1])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 63 || (shift == 63 && next <= 1) else { throw Self.failure("a number overflows 64 bits") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count of items still to read: each takes at least one byte, so a count above the bytes left
    /// is refused before anything is allocated for it.
    mutating func count() throws(OSVRecordProblem) -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.endIndex - index) else { throw Self.failure("a count exceeds the bytes left") }
        return Int(value)
    }

    mutating func double() throws(OSVRecordProblem) -> Double {
        guard bytes.endIndex - index >= 8 else { throw Self.failure("truncated") }
        var bits: UInt64 = 0
        for offset in 0..<8 { bits |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(OSVRecordProblem) -> String {
        let length = try count()
        let start = index
        index += length
        let text = bytes.withUnsafeBufferPointer { buffer -> String? in
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
            // Most strings are ASCII, which needs no validation; the general validator is far slower.
            if slice.reduce(0, |) < 0x80 { return String(decoding: slice, as: UTF8.self) }
            return String(validating: slice, as: UTF8.self)
        }
        guard let text else { throw Self.failure("a string is not UTF-8") }
        return text
    }
}
