import ArgumentParser
import Foundation
import LaunchpadCore
import LaunchpadStore

/// `launchpad backup DIR`: a consistent, compacted copy of the database, taken while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a consistent, compacted snapshot of the database into DIR (it opens as a data directory's db).")

    @Option(name: .long, help: "Data directory (environment: LAUNCHPAD_DATA).")
    var data: String = ProcessInfo.processInfo.environment["LAUNCHPAD_DATA"] ?? "./data"

    @Argument(help: "Target directory: a new data directory whose db/ receives the copy.")
    var directory: String

    func run() throws {
        let source = Database.path(in: data)
        guard FileManager.default.fileExists(atPath: (source as NSString).appendingPathComponent("data.mdb")) else {
            throw ValidationError("no database at \(source)")
        }
        let environment = try Environment(path: source)
        defer { environment.close() }
        let target = Database.path(in: directory)
        try environment.backup(to: target)
        print("backed up \(source) to \(target)")
    }
}
