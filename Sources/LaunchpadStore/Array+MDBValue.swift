internal import CLMDB

extension Array where Element == UInt8 {
    /// Copies the bytes an `MDB_val` points at: they live in the map only while the transaction does.
    init(copying value: MDB_val) {
        guard value.mv_size > 0, let data = value.mv_data else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: data, count: value.mv_size))
    }

    /// Calls `body` with an `MDB_val` pointing at these bytes, valid only during the call.
    func withMDBValue<Result>(_ body: (MDB_val) throws -> Result) rethrows -> Result {
        try withUnsafeBytes { buffer in
            try body(MDB_val(mv_size: buffer.count, mv_data: UnsafeMutableRawPointer(mutating: buffer.baseAddress)))
        }
    }
}
