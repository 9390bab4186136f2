internal import CLMDB

extension Transaction {
    /// Walks `table` in key byte order (or in reverse), starting at `start` inclusive (nil means
    /// the first key, or the last in reverse), calling `body` until it returns false.
    ///
    /// In reverse, the walk starts at `start` if it is present, else at the greatest key below it.
    public func scan(
        _ table: Table, from start: [UInt8]? = nil, reverse: Bool = false,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        let cursor = try Cursor(transaction: handle, table: table)
        defer { cursor.close() }
        var entry: (key: [UInt8], value: [UInt8])?
        switch (start, reverse) {
        case (nil, false):
            entry = try cursor.get(MDB_FIRST)
        case (nil, true):
            entry = try cursor.get(MDB_LAST)
        case (let start?, false):
            entry = try cursor.get(MDB_SET_RANGE, key: start)
        case (let start?, true):
            entry = try cursor.get(MDB_SET_RANGE, key: start)
            if entry == nil {
                entry = try cursor.get(MDB_LAST)
            } else if entry?.key != start {
                entry = try cursor.get(MDB_PREV)
            }
        }
        while let (key, value) = entry {
            guard try body(key, value) else { return }
            entry = try cursor.get(reverse ? MDB_PREV : MDB_NEXT)
        }
    }

    /// Walks the keys of `table` that start with `prefix`, in byte order (or in reverse: from the
    /// last such key backwards), calling `body` until it returns false.
    public func scan(
        _ table: Table, prefix: [UInt8], reverse: Bool = false,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        try scanInPlace(table, prefix: prefix, reverse: reverse) { key, value in try body(Array(key), Array(value)) }
    }

    /// `scan(_:prefix:reverse:_:)` lending each key and value where they lie in the map, without
    /// copying them: the buffers are valid only during the call of `body`.
    public func scanInPlace(
        _ table: Table, prefix: [UInt8], reverse: Bool = false,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let cursor = try Cursor(transaction: handle, table: table)
        defer { cursor.close() }
        var entry: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?
        if !reverse {
            entry = try prefix.isEmpty ? cursor.position(MDB_FIRST) : cursor.position(MDB_SET_RANGE, key: prefix)
        } else if let bound = Self.successor(of: prefix) {
            // The last key with the prefix is the one just before the first key past all of them.
            entry = try cursor.position(MDB_SET_RANGE, key: bound)
            entry = try entry == nil ? cursor.position(MDB_LAST) : cursor.position(MDB_PREV)
        } else {
            entry = try cursor.position(MDB_LAST)
        }
        while let (key, value) = entry, key.starts(with: prefix) {
            guard try body(key, value) else { return }
            entry = try cursor.position(reverse ? MDB_PREV : MDB_NEXT)
        }
    }

    /// The smallest byte string greater than every string starting with `prefix`, or nil when
    /// there is none (the prefix is empty or all 0xFF).
    static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var bound = prefix
        while let last = bound.last {
            if last < 0xFF {
                bound[bound.count - 1] = last + 1
                return bound
            }
            bound.removeLast()
        }
        return nil
    }
}
