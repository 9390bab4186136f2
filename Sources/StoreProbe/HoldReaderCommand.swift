import Foundation
import LaunchpadStore

/// `hold-reader DIR`: opens a read transaction and keeps it until killed, leaving a stale reader
/// slot behind for the next `Environment` to clear with `mdb_reader_check`.
enum HoldReaderCommand {
    static func run(_ arguments: ProbeArguments) throws {
        let environment = try Environment(path: arguments.directory)
        try environment.read { _ in
            Output.line("ready")
            while true {
                sleep(60)
            }
        }
    }
}
