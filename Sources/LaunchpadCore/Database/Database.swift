import Foundation
import LaunchpadStore

/// Launchpad's LMDB environment in `<data>/db`, its tables, and the writer that owns every write.
public final class Database: Sendable {
    /// The schema this binary writes; stored in `meta` so that a later binary can migrate.
    public static let schemaVersion = 1

    public let environment: Environment
    public let writer: Writer
    /// Small system records (`schema`), read by the health probe.
    public let meta: Table

    /// Opens (creating if missing) the environment under `dataDirectory/db` and starts the writer.
    public init(dataDirectory: String, options: Environment.Options = Environment.Options()) throws {
        environment = try Environment(path: Self.path(in: dataDirectory), options: options)
        meta = try environment.openTable("meta")
        writer = Writer(environment: environment)
        let meta = self.meta
        try writer.write { transaction in
            if try transaction.get(meta, MetaKey.schema) == nil {
                try transaction.put(meta, MetaKey.schema, SchemaRecord(version: Self.schemaVersion, createdAt: Date()))
            }
        }
    }

    /// Where the environment lives inside a data directory.
    public static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("db")
    }

    /// Finishes queued writes and closes the environment.
    public func close() {
        writer.stop()
        environment.close()
    }
}

/// Keys of the `meta` table.
public enum MetaKey {
    public static let schema = Array("schema".utf8)
}

/// The `meta` record that says which schema the data has.
public struct SchemaRecord: Codable, Sendable, Equatable {
    public var version: Int
    public var createdAt: Date
}
