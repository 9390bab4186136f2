import Foundation

/// Decoded values kept beside the bytes they came from, so that a record read on every request is
/// decoded once and reused for as long as its stored bytes stay the same.
///
/// Callers still read the bytes in a transaction each time; only the decoding is saved. A changed
/// record (another thread or process wrote it) has other bytes and is decoded again, so the cache
/// can never serve a stale value.
///
/// The lookups are `@inlinable`, so that each caller's module specializes them for its `Value`:
/// unspecialized, every access looked up the generic types' metadata in the runtime and handed
/// the value out through a dynamic cast, which cost more than the rest of a lookup.
public final class DecodeCache<Value: Decodable>: @unchecked Sendable {
    /// The entries, spread over shards with a lock each by a hash of their keys: with one lock, a
    /// request thread preempted while holding it (64 threads on two cores) made every other reader
    /// of the cache sleep on it, a frequent futex wait of keyed reads.
    @usableFromInline let shards: [DecodeCacheShard]
    @usableFromInline let shardCapacity: Int

    /// Holds at most `capacity` values (in up to 16 shards of `capacity / shards` each); past a
    /// shard's share, an arbitrary entry of that shard is dropped.
    public init(capacity: Int = 4096) {
        let count = max(1, min(16, capacity))
        shards = (0..<count).map { _ in DecodeCacheShard() }
        shardCapacity = max(1, capacity / count)
    }

    /// The value of `bytes` (stored under `key`), decoded with `ValueCoding` unless the same bytes
    /// were decoded before.
    @inlinable
    public func value(for key: [UInt8], bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try value(for: key, stored: $0) }
    }

    /// The value of `stored` (the bytes under `key`, where they lie: in LMDB's map, say), compared
    /// in place; they are copied only when they differ from what was decoded before.
    @inlinable
    public func value(for key: [UInt8], stored: UnsafeRawBufferPointer) throws -> Value {
        try box(for: key, stored: stored).value
    }

    /// `body` applied to the value of `stored`, lent from the cache rather than copied out: a caller that
    /// needs a few fields of a large record takes them without copying the rest.
    @inlinable
    public func withValue<Result>(for key: [UInt8], stored: UnsafeRawBufferPointer, _ body: (Value) throws -> Result) throws -> Result {
        try body(box(for: key, stored: stored).value)
    }

    @inlinable
    func box(for key: [UInt8], stored: UnsafeRawBufferPointer) throws -> DecodeCacheBox<Value> {
        let cacheKey = DecodeCacheKey(key)
        let shard = shards[DecodeCacheShard.index(of: key, among: shards.count)]
        // An entry never changes once made, so its bytes are compared outside the lock.
        if let entry = shard.entry(for: cacheKey), entry.holds(stored) {
            // Every entry of this cache was made below, as a box of `Value`.
            return unsafeDowncast(entry, to: DecodeCacheBox<Value>.self)
        }
        let bytes = Array(stored)
        let box = DecodeCacheBox(bytes: bytes, value: try ValueCoding.decode(Value.self, from: bytes))
        shard.insert(box, for: cacheKey, capacity: shardCapacity)
        return box
    }
}

/// One lock's share of a `DecodeCache` (not generic, so that neither is its dictionary).
@usableFromInline
final class DecodeCacheShard: @unchecked Sendable {
    @usableFromInline let lock = NSLock()
    @usableFromInline var entries: [DecodeCacheKey: DecodeCacheEntry] = [:]

    @usableFromInline
    init() {}

    @inlinable
    func entry(for key: DecodeCacheKey) -> DecodeCacheEntry? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    @inlinable
    func insert(_ entry: DecodeCacheEntry, for key: DecodeCacheKey, capacity: Int) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity, entries[key] == nil, let victim = entries.keys.first {
            entries.removeValue(forKey: victim)
        }
        entries[key] = entry
    }

    /// The shard of `key`: FNV-1a over its last 8 bytes at most (ids differ at their ends; a key
    /// digest anywhere), so that finding it costs a few instructions whatever the key's length.
    @inlinable
    static func index(of key: [UInt8], among count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.suffix(8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}

/// The bytes a cached value was decoded from (not generic, so that the cache's dictionary is not).
@usableFromInline
class DecodeCacheEntry {
    @usableFromInline let bytes: [UInt8]

    @usableFromInline
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether `stored` are these bytes.
    @usableFromInline
    func holds(_ stored: UnsafeRawBufferPointer) -> Bool {
        bytes.withUnsafeBytes { own in
            guard own.count == stored.count else { return false }
            guard let first = own.baseAddress, let second = stored.baseAddress else { return true }
            return memcmp(first, second, own.count) == 0
        }
    }
}

/// One cached value with its bytes.
@usableFromInline
final class DecodeCacheBox<Value>: DecodeCacheEntry {
    @usableFromInline let value: Value

    @usableFromInline
    init(bytes: [UInt8], value: Value) {
        self.value = value
        super.init(bytes: bytes)
    }
}

/// A key hashed as one run of bytes: `[UInt8]`'s own hashing feeds the hasher a byte at a time.
@usableFromInline
struct DecodeCacheKey: Hashable {
    @usableFromInline let bytes: [UInt8]

    @usableFromInline
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    @usableFromInline
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    @usableFromInline
    static func == (a: DecodeCacheKey, b: DecodeCacheKey) -> Bool {
        a.bytes == b.bytes
    }
}

extension Transaction {
    /// The value stored under `key`, decoded through `cache`: the stored bytes are compared in the
    /// map, not copied, when the cache holds their value already. Nil when there is none.
    @inlinable
    public func get<V>(_ table: Table, _ key: [UInt8], cachedIn cache: DecodeCache<V>) throws -> V? {
        try withValue(table, key) { stored in
            guard let stored else { return nil }
            return try cache.value(for: key, stored: stored)
        }
    }

    /// `body` applied to the value stored under `key`, lent by `cache` (see
    /// `DecodeCache.withValue`); nil, without calling it, when there is none.
    @inlinable
    public func withValue<V, Result>(_ table: Table, _ key: [UInt8], cachedIn cache: DecodeCache<V>, _ body: (V) throws -> Result) throws -> Result? {
        try withValue(table, key) { stored in
            guard let stored else { return nil }
            return try cache.withValue(for: key, stored: stored, body)
        }
    }
}
