import Foundation
import LaunchpadAdvisories
import LaunchpadStore

/// OSV advisories in LMDB, indexed for scanning:
///
/// - `advisories`: id → `AdvisoryEntry` (what the record says and which packages it names)
/// - `advisory_packages`: ecosystem 0 name 0 id → `PackageAdvisory.encoded()`, so that the
///   advisories of one package are one prefix walk and decode without JSON
/// - `advisory_meta`: `stats` → `AdvisoryStats`
public final class AdvisoryDatabase: Sendable {
    let database: Database
    let advisories: Table
    let packages: Table
    let meta: Table
    /// The stats are read by every health request; they are decoded once per import.
    private let statsCache = DecodeCache<AdvisoryStats>(capacity: 1)

    static let statsKey = Array("stats".utf8)

    public init(database: Database) throws {
        self.database = database
        let environment = database.environment
        advisories = try environment.openTable("advisories")
        packages = try environment.openTable("advisory_packages")
        meta = try environment.openTable("advisory_meta")
    }

    /// How many advisories are stored and when they were last imported.
    public func stats() throws -> AdvisoryStats {
        let meta = self.meta
        guard let bytes = try database.environment.read({ try $0.get(meta, Self.statsKey) }) else { return AdvisoryStats() }
        return try statsCache.value(for: Self.statsKey, bytes: bytes)
    }

    /// The stored entry of one advisory.
    public func entry(_ id: String) throws -> AdvisoryEntry? {
        let advisories = self.advisories
        return try database.environment.read { try $0.get(advisories, Array(id.utf8), as: AdvisoryEntry.self) }
    }

    /// The advisories naming the npm package `name` (those affecting `version`, when given), in `transaction`.
    func advisories(forPackage name: String, affecting version: SemanticVersion? = nil, in transaction: Transaction) throws -> [PackageAdvisory] {
        guard Self.isKeySafe(name) else { return [] }
        var result: [PackageAdvisory] = []
        try transaction.scan(packages, prefix: Self.packagePrefix(ecosystem: "npm", name: name)) { _, value in
            // Checking the ranges while decoding skips building the advisories that do not apply.
            if let version {
                if let advisory = try PackageAdvisory.decoded(value, ifAffecting: version) { result.append(advisory) }
            } else {
                result.append(try PackageAdvisory(decoding: value))
            }
            return true
        }
        return result
    }

    static func packagePrefix(ecosystem: String, name: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(ecosystem)
        key.append(name)
        return key.bytes
    }

    static func packageKey(ecosystem: String, name: String, id: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(ecosystem)
        key.append(name)
        key.append(id)
        return key.bytes
    }

    /// Whether a string from an advisory may be part of a key: no U+0000, and short enough that
    /// ecosystem, name and id stay under LMDB's 511-byte key limit.
    static func isKeySafe(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 214 && !value.utf8.contains(0)
    }
}

/// What is kept of one advisory besides its per-package entries.
public struct AdvisoryEntry: Codable, Sendable, Equatable {
    public var id: String
    public var modified: Date
    public var aliases: [String]
    public var summary: String
    public var severity: Severity
    /// `ecosystem/name` of every package it names: the keys to remove when it is replaced.
    public var packages: [AdvisoryPackage]
    public var importedAt: Date
}

/// An ecosystem and a package name.
public struct AdvisoryPackage: Codable, Sendable, Equatable {
    public var ecosystem: String
    public var name: String
}

/// The `stats` record of `advisory_meta`, read by the health check.
public struct AdvisoryStats: Codable, Sendable, Equatable {
    public var records = 0
    public var lastImport: Date?

    public init(records: Int = 0, lastImport: Date? = nil) {
        self.records = records
        self.lastImport = lastImport
    }
}
