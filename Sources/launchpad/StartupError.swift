/// A start of `launchpad up` or `launchpad serve` that cannot succeed: one line that names the
/// problem and says what to do.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
