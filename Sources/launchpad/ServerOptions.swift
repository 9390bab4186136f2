import ArgumentParser
import Foundation
import LaunchpadAPI
import Logging

/// Options shared by `serve` and `up`.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (environment: LAUNCHPAD_DATA).")
    var data: String = ProcessInfo.processInfo.environment["LAUNCHPAD_DATA"] ?? "./data"

    @Option(name: .long, help: "FastCGI accept threads; must exceed nginx's upstream keepalive.")
    var threads: Int = 64

    @Option(name: .long, help: "Largest request body in bytes (413 above it).")
    var maxBodyBytes: Int = 1 << 20

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["LAUNCHPAD_LOG_LEVEL"] ?? "info"

    /// The data directory as an absolute path (nginx needs absolute paths).
    var dataDirectory: String {
        let url = URL(fileURLWithPath: data, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    var socketPath: String { (dataDirectory as NSString).appendingPathComponent("launchpad.sock") }

    var applicationConfiguration: Application.Configuration {
        Application.Configuration(maxBodySize: maxBodyBytes)
    }

    func validate() throws {
        guard threads >= 2 else { throw ValidationError("--threads must be at least 2") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func bootstrapLogging() {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    func makeDataDirectory() throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
