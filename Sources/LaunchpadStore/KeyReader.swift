import Foundation

/// Reads back the parts of a key built with `KeyBuilder`, in the order they were appended.
/// Each read returns nil, consuming nothing, when the remaining bytes do not hold that part.
public struct KeyReader: Sendable {
    private let bytes: [UInt8]
    private var offset: Int

    /// Starts reading at the beginning of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool {
        offset == bytes.count
    }

    /// The bytes not read yet.
    public var remaining: [UInt8] {
        Array(bytes[offset...])
    }

    /// Reads 8 bytes, big-endian.
    public mutating func readUInt64() -> UInt64? {
        guard bytes.count - offset >= 8 else { return nil }
        let value = Self.uint64(bytes[offset..<offset + 8])
        offset += 8
        return value
    }

    /// Reads a signed integer written by `KeyBuilder.append(_: Int64)`.
    public mutating func readInt64() -> Int64? {
        readUInt64().map(Self.signed)
    }

    /// The signed integer `KeyBuilder.append(_: Int64)` wrote as the first 8 of `bytes`, read where
    /// they lie (a value lent by `Transaction.withValue`); nil when there are fewer.
    public static func int64(at bytes: UnsafeRawBufferPointer) -> Int64? {
        bytes.count >= 8 ? signed(uint64(bytes.prefix(8))) : nil
    }

    private static func uint64<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func signed(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value ^ (1 << 63))
    }

    /// Reads a string up to its 0x00 terminator; nil when there is no terminator or the bytes
    /// are not UTF-8.
    public mutating func readString() -> String? {
        guard let end = bytes[offset...].firstIndex(of: 0),
              let value = String(validating: bytes[offset..<end], as: UTF8.self)
        else { return nil }
        offset = end + 1
        return value
    }

    /// Reads a date written by `KeyBuilder.append(_: Date)`, to the millisecond.
    public mutating func readDate() -> Date? {
        readInt64().map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
