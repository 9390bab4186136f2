/// A failure of the drill's own set-up, with what to do about it.
struct FaultTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
