import ArgumentParser
import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// `launchpad advisories import PATH` and `launchpad advisories stats`: the OSV advisory database
/// the security scan matches against, also while the server runs.
struct AdvisoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisories", abstract: "Import OSV advisories for the security scan.",
        subcommands: [Import.self, Stats.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import OSV records from a directory, a JSON file, or an OSV all.zip dump.",
            discussion: "A record replaces the stored one with the same id only when its 'modified' is newer. Documents that cannot be used are skipped and counted by reason.")

        @OptionGroup var options: KeysCommand.DataOption
        @Argument(help: "A directory of OSV JSON files, a JSON file (one record or an array), or a zip dump.") var path: String
        @Flag(help: "Print the report as JSON.") var json = false

        func run() throws {
            let showProgress = isatty(STDERR_FILENO) == 1
            let report = try options.withServices { services in
                do {
                    return try AdvisoryImporter(advisories: services.scanner.advisories).importAll(at: path) { seen in
                        if showProgress { FileHandle.standardError.write(Data("\r\(seen) documents read".utf8)) }
                    }
                } catch let error as AdvisoryImportError {
                    throw ValidationError(error.description)
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            let rate = report.seconds > 0 ? Int(Double(report.documents) / report.seconds) : 0
            print("\(report.documents) documents in \(String(format: "%.2f", report.seconds)) s (\(rate)/s): \(report.imported) imported, \(report.replaced) replaced, \(report.unchanged) unchanged, \(report.skippedTotal) skipped")
            for reason in report.skipped.keys.sorted() {
                print("  skipped \(report.skipped[reason]!) \(reason): e.g. \(report.examples[reason] ?? "")")
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print how many advisories are stored and when they were last imported.")

        @OptionGroup var options: KeysCommand.DataOption

        func run() throws {
            let stats = try options.withServices { try $0.scanner.advisories.stats() }
            print("\(stats.records) advisories; last import \(stats.lastImport.map { Timestamp.format($0) } ?? "never")")
        }
    }
}
