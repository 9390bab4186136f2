import Foundation

/// A data directory launchpad cannot use, said in one line that names it (a read-only or full
/// filesystem, a missing parent that cannot be made).
struct DataDirectoryError: Error, CustomStringConvertible {
    let directory: String
    let problem: String

    var description: String {
        "the data directory \(directory) cannot be written: \(problem)"
    }
}
