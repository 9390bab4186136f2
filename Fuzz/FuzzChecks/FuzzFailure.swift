/// A property a fuzz target checks that did not hold for one input.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    /// What should have held, and what happened instead.
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Throws `FuzzFailure(message)` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    guard condition else { throw FuzzFailure(message()) }
}
