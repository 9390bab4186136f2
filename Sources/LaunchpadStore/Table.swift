/// A named database inside an `Environment`, as returned by `Environment.openTable(_:)`.
///
/// A table is a handle for the environment that opened it; using it with another environment
/// is a programming error.
public struct Table: Sendable, Hashable {
    /// The name the table was opened with.
    public let name: String
    /// The `MDB_dbi` handle.
    let dbi: UInt32

    init(name: String, dbi: UInt32) {
        self.name = name
        self.dbi = dbi
    }
}
