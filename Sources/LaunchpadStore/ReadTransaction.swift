/// A read-only transaction, handed to the closure of `Environment.read(_:)`.
///
/// All its methods are inherited from `Transaction`: `get`, `scan`, `count`, `stats`.
public final class ReadTransaction: Transaction {}
