import Foundation
import LaunchpadAdvisories
import LaunchpadArchive
import LaunchpadStore

/// `launchpad advisories import PATH`: OSV records into `AdvisoryDatabase`, in batches of one
/// transaction each. A record replaces the stored one of the same id only when its `modified` is
/// newer; a document that cannot be used is skipped with its reason, and nothing stored is touched
/// by it.
public struct AdvisoryImporter: Sendable {
    let advisories: AdvisoryDatabase
    let batchSize: Int
    let zipLimits: ZipLimits

    public init(advisories: AdvisoryDatabase, batchSize: Int = 1000, zipLimits: ZipLimits = ZipLimits()) {
        self.advisories = advisories
        self.batchSize = batchSize
        self.zipLimits = zipLimits
    }

    /// Imports every document at `path`; `progress` is called with the documents seen so far, every `batchSize`.
    public func importAll(at path: String, now: Date = Date(), progress: ((Int) -> Void)? = nil) throws -> AdvisoryImportReport {
        let start = ContinuousClock.now
        var report = AdvisoryImportReport()
        var batch: [ParsedAdvisory] = []
        var seen = 0
        try AdvisoryDocuments.forEach(at: path, zipLimits: zipLimits) { name, document in
            seen += 1
            switch document.flatMap({ Self.parse($0) }) {
            case .success(let parsed): batch.append(parsed)
            case .failure(let skip): report.skip(name, skip)
            }
            if batch.count >= batchSize {
                try store(batch, into: &report, now: now)
                batch.removeAll(keepingCapacity: true)
                progress?(seen)
            }
        }
        try store(batch, into: &report, now: now)
        progress?(seen)
        try finish(now: now)
        report.documents = seen
        let elapsed = (ContinuousClock.now - start).components
        report.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return report
    }

    /// A record ready to store, or why not.
    static func parse(_ bytes: [UInt8]) -> Result<ParsedAdvisory, AdvisorySkip> {
        do {
            let record = try OSVRecordParser.parse(bytes)
            guard AdvisoryDatabase.isKeySafe(record.id), record.id.utf8.count <= 128 else {
                return .failure(AdvisorySkip(reason: "invalidId", detail: "the id is empty, longer than 128 bytes or holds U+0000"))
            }
            let packages = try record.packageAdvisories()
            for package in packages where !AdvisoryDatabase.isKeySafe(package.name) {
                return .failure(AdvisorySkip(reason: "invalidPackageName", detail: "a package name is empty, longer than 214 bytes or holds U+0000"))
            }
            return .success(ParsedAdvisory(record: record, packages: packages))
        } catch {
            return .failure(AdvisorySkip(reason: error.code.rawValue, detail: error.description))
        }
    }

    private func store(_ batch: [ParsedAdvisory], into report: inout AdvisoryImportReport, now: Date) throws {
        guard !batch.isEmpty else { return }
        let advisories = self.advisories
        let outcome = try advisories.database.writer.write { transaction -> AdvisoryImportReport in
            var outcome = AdvisoryImportReport()
            var stats = try transaction.get(advisories.meta, AdvisoryDatabase.statsKey, as: AdvisoryStats.self) ?? AdvisoryStats()
            for parsed in batch {
                let id = parsed.record.id
                let old = try transaction.get(advisories.advisories, Array(id.utf8), as: AdvisoryEntry.self)
                if let old, old.modified >= parsed.record.modified {
                    outcome.unchanged += 1
                    continue
                }
                if let old {
                    for package in old.packages {
                        _ = try transaction.delete(advisories.packages, AdvisoryDatabase.packageKey(ecosystem: package.ecosystem, name: package.name, id: id))
                    }
                    outcome.replaced += 1
                } else {
                    stats.records += 1
                    outcome.imported += 1
                }
                for package in parsed.packages {
                    let encoded: [UInt8] = package.encoded()
                    try transaction.put(advisories.packages, AdvisoryDatabase.packageKey(ecosystem: package.ecosystem, name: package.name, id: id), encoded)
                }
                try transaction.put(advisories.advisories, Array(id.utf8), parsed.entry(importedAt: now))
            }
            try transaction.put(advisories.meta, AdvisoryDatabase.statsKey, stats)
            return outcome
        }
        report.imported += outcome.imported
        report.replaced += outcome.replaced
        report.unchanged += outcome.unchanged
    }

    private func finish(now: Date) throws {
        let advisories = self.advisories
        try advisories.database.writer.write { transaction in
            var stats = try transaction.get(advisories.meta, AdvisoryDatabase.statsKey, as: AdvisoryStats.self) ?? AdvisoryStats()
            stats.lastImport = now
            try transaction.put(advisories.meta, AdvisoryDatabase.statsKey, stats)
        }
    }
}

/// A parsed record and its per-package entries.
struct ParsedAdvisory: Sendable {
    var record: OSVRecord
    var packages: [PackageAdvisory]

    func entry(importedAt: Date) -> AdvisoryEntry {
        AdvisoryEntry(
            id: record.id, modified: record.modified, aliases: record.aliases, summary: record.summary,
            severity: Severity(packages.map(\.severity).max() ?? .low),
            packages: packages.map { AdvisoryPackage(ecosystem: $0.ecosystem, name: $0.name) }, importedAt: importedAt)
    }
}

/// What an import did: records new, replaced and already current, documents skipped by reason.
public struct AdvisoryImportReport: Codable, Sendable, Equatable {
    public var documents = 0
    public var imported = 0
    public var replaced = 0
    public var unchanged = 0
    /// Skipped documents by reason.
    public var skipped: [String: Int] = [:]
    /// The first skipped document of each reason, with the sentence.
    public var examples: [String: String] = [:]
    public var seconds = 0.0

    public init() {}

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    mutating func skip(_ name: String, _ skip: AdvisorySkip) {
        skipped[skip.reason, default: 0] += 1
        if examples[skip.reason] == nil { examples[skip.reason] = "\(name): \(skip.detail)" }
    }
}

extension Severity {
    /// The same severity, from the advisory module's type.
    public init(_ severity: VulnerabilitySeverity) {
        switch severity {
        case .low: self = .low
        case .medium: self = .medium
        case .high: self = .high
        case .critical: self = .critical
        }
    }
}
