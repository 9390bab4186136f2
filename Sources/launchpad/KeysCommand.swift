import LaunchpadDomain
import ArgumentParser
import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// `launchpad keys create|list|revoke`: API keys from the command line, also while the server runs
/// (LMDB serializes the writes of both processes).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct DataOption: ParsableArguments {
        @Option(name: .long, help: "Data directory (environment: LAUNCHPAD_DATA).")
        var data: String = ProcessInfo.processInfo.environment["LAUNCHPAD_DATA"] ?? "./data"

        func withServices<T>(_ body: (Services) throws -> T) throws -> T {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let services = try Services(dataDirectory: data)
            defer { services.close() }
            do {
                return try body(services)
            } catch let error as DomainError {
                // The message names the field already.
                throw ValidationError(error.message)
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key (and its user on first use) and print it once.")

        @OptionGroup var options: DataOption
        @Option var username: String
        @Option var email: String
        @Option(help: "USER or ADMIN.") var role: String
        @Option(help: "Lifetime in days (default 365).") var expiresInDays: Int?
        @Option(help: "This key's own rate limit, e.g. 1000000/15m,1000000/1m.") var rateLimit: String?

        func run() throws {
            guard let role = Role(rawValue: role.uppercased()) else { throw ValidationError("--role must be USER or ADMIN") }
            let policy = try rateLimit.map { text -> RateLimitPolicy in
                do { return try RateLimitPolicy(parsing: text) } catch { throw ValidationError("--rate-limit: \(error)") }
            }
            let issued = try options.withServices { services in
                try services.identity.generateKey(
                    KeyGrant(username: username, email: email, role: role, expiresInDays: expiresInDays),
                    by: nil, rateLimit: policy)
            }
            print(issued.apiKey)
            FileHandle.standardError.write(Data("key \(issued.keyId) expires \(Timestamp.format(issued.expiresAt)); it is shown only this once\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys, without secrets.")

        @OptionGroup var options: DataOption

        func run() throws {
            let records = try options.withServices { try $0.identity.listKeys() }
            let now = Date()
            print("KEY ID            USER                 ROLE   STATUS   CREATED              EXPIRES              LAST USED")
            for record in records {
                let columns = [
                    record.keyId.padding(toLength: 17, withPad: " ", startingAt: 0),
                    record.username.padding(toLength: 20, withPad: " ", startingAt: 0),
                    record.role.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
                    record.status(at: now).padding(toLength: 8, withPad: " ", startingAt: 0),
                    Timestamp.format(record.createdAt),
                    Timestamp.format(record.expiresAt),
                    record.lastUsedAt.map(Timestamp.format) ?? "-",
                ]
                print(columns.joined(separator: " "))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: requests with it are refused from now on.")

        @OptionGroup var options: DataOption
        @Argument var keyId: String

        func run() throws {
            try options.withServices { try $0.identity.revoke(keyId: keyId, by: nil) }
            print("revoked \(keyId)")
        }
    }
}
