/// The `launchpad` executable is not where the end-to-end tests look for it.
struct LaunchpadNotBuilt: Error, CustomStringConvertible {
    let candidates: [String]

    var description: String {
        "launchpad executable not found (looked at \(candidates.joined(separator: ", "))). `swift test` builds it; "
            + "otherwise run `swift build --scratch-path <the same scratch path> --product launchpad`, "
            + "or set LAUNCHPAD_BINARY to its path."
    }
}
