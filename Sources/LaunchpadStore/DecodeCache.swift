import Foundation

/// Decoded values kept beside the bytes they came from, so that a record read on every request is
/// decoded once and reused for as long as its stored bytes stay the same.
///
/// Callers still read the bytes in a transaction each time; only the decoding is saved. A changed
/// record (another thread or process wrote it) has other bytes and is decoded again, so the cache
/// can never serve a stale value.
public final class DecodeCache<Value: Decodable>: @unchecked Sendable {
    private let lock = NSLock()
    /// Not generic in `Value`: a dictionary of a generic element had its type metadata looked up
    /// in the runtime's cache on every access, which cost more than the rest of a lookup.
    private var entries: [DecodeCacheKey: DecodeCacheEntry] = [:]
    private let capacity: Int

    /// Holds at most `capacity` values; past that, an arbitrary one is dropped.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The value of `bytes` (stored under `key`), decoded with `ValueCoding` unless the same bytes
    /// were decoded before.
    public func value(for key: [UInt8], bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try value(for: key, stored: $0) }
    }

    /// The value of `stored` (the bytes under `key`, where they lie: in LMDB's map, say), compared
    /// in place; they are copied only when they differ from what was decoded before.
    public func value(for key: [UInt8], stored: UnsafeRawBufferPointer) throws -> Value {
        lock.lock()
        if let entry = entries[DecodeCacheKey(key)], entry.bytes.withUnsafeBytes({ Self.same($0, stored) }) {
            lock.unlock()
            return entry.value as! Value
        }
        lock.unlock()
        let bytes = Array(stored)
        let value = try ValueCoding.decode(Value.self, from: bytes)
        lock.lock()
        if entries.count >= capacity, let victim = entries.keys.first {
            entries.removeValue(forKey: victim)
        }
        entries[DecodeCacheKey(key)] = DecodeCacheEntry(bytes: bytes, value: value)
        lock.unlock()
        return value
    }

    private static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return true }
        return memcmp(first, second, a.count) == 0
    }
}

/// One cached value (outside the generic class, so that its type is not generic).
private final class DecodeCacheEntry {
    let bytes: [UInt8]
    let value: Any

    init(bytes: [UInt8], value: Any) {
        self.bytes = bytes
        self.value = value
    }
}

/// A key hashed as one run of bytes: `[UInt8]`'s own hashing feeds the hasher a byte at a time.
private struct DecodeCacheKey: Hashable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension Transaction {
    /// The value stored under `key`, decoded through `cache`: the stored bytes are compared in the
    /// map, not copied, when the cache holds their value already. Nil when there is none.
    public func get<V>(_ table: Table, _ key: [UInt8], cachedIn cache: DecodeCache<V>) throws -> V? {
        try withValue(table, key) { stored in try stored.map { try cache.value(for: key, stored: $0) } }
    }
}
