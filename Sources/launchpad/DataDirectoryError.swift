import Foundation

/// A data directory launchpad cannot use, said in one line that names it and says what to do (a
/// read-only or full filesystem, a missing parent that cannot be made, a file in its place).
struct DataDirectoryError: Error, CustomStringConvertible {
    let directory: String
    let problem: String

    var description: String {
        "the data directory \(directory) cannot be written: \(problem); fix it, or choose another with --data (or LAUNCHPAD_DATA)"
    }
}
