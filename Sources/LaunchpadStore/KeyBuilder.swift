import Foundation

/// Builds composite keys whose byte order is the order of their parts, such as
/// `owner|createdAt|agentId`.
///
/// Integers are big-endian (signed ones with the sign bit flipped so negatives sort first),
/// dates are milliseconds since 1970 as a signed integer, and strings are their UTF-8 bytes
/// followed by a 0x00 terminator, so a shorter string sorts before its extensions.
public struct KeyBuilder: Sendable {
    /// The key so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty key, with room for the keys stored here (a prefix, an owner, a status, a
    /// time, an id): one allocation per key rather than one per part.
    public init() {
        bytes.reserveCapacity(64)
    }

    /// Creates an empty key with room for `capacity` bytes, so that appending its parts allocates once.
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends 8 bytes, big-endian.
    public mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends 8 bytes, big-endian with the sign bit flipped, so negative values sort first.
    public mutating func append(_ value: Int64) {
        append(UInt64(bitPattern: value) ^ (1 << 63))
    }

    /// Appends the string's UTF-8 bytes and a 0x00 terminator.
    /// The string must not contain U+0000, which would end it early: validate untrusted input.
    public mutating func append(_ value: String) {
        precondition(!value.utf8.contains(0), "a key string must not contain U+0000")
        bytes.append(contentsOf: value.utf8)
        bytes.append(0)
    }

    /// Appends the date as milliseconds since 1970 (rounded down), like `append(_: Int64)`.
    public mutating func append(_ date: Date) {
        append(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// Appends raw bytes, with no terminator: for a last part, or fixed-size ones.
    public mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }
}
