import Foundation
import LaunchpadAdvisories
@testable import LaunchpadCore
import LaunchpadTestSupport
import Testing

struct AdvisoryImportTests {
    private func withAdvisories(_ body: (AdvisoryDatabase, TemporaryDirectory) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let database = try Database(dataDirectory: directory.appending("data"))
        defer { database.close() }
        try body(try AdvisoryDatabase(database: database), directory)
    }

    private func advisories(of name: String, _ database: AdvisoryDatabase) throws -> [PackageAdvisory] {
        try database.database.environment.read { try database.advisories(forPackage: name, in: $0) }
    }

    @Test func importsADirectoryAndSkipsBadDocumentsWithTheirReasons() throws {
        try withAdvisories { advisories, directory in
            let path = try OSVTestRecords.directory([
                ("GHSA-aaaa-aaaa-aaaa", OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "left-pad", fixed: "1.3.0")),
                ("GHSA-bbbb-bbbb-bbbb", OSVTestRecords.record(id: "GHSA-bbbb-bbbb-bbbb", package: "left-pad", introduced: "2.0.0", fixed: "2.1.0")),
                ("not-json", "{ this is not json"),
                ("missing-id", #"{"modified":"2024-01-01T00:00:00Z","affected":[]}"#),
                ("bad-version", OSVTestRecords.record(id: "GHSA-cccc-cccc-cccc", package: "x", fixed: "1.x")),
            ], in: directory.path)
            let report = try AdvisoryImporter(advisories: advisories).importAll(at: path)
            #expect(report.documents == 5)
            #expect(report.imported == 2)
            #expect(report.skippedTotal == 3)
            #expect(report.skipped["notJSON"] == 1)
            #expect(report.skipped["missingField"] == 1)
            #expect(report.skipped["invalidVersion"] == 1)
            #expect(report.examples["invalidVersion"]?.contains("bad-version.json") == true)
            #expect(try advisories.stats().records == 2)
            #expect(try advisories.stats().lastImport != nil)
            #expect(try self.advisories(of: "left-pad", advisories).map(\.advisoryId).sorted() == ["GHSA-aaaa-aaaa-aaaa", "GHSA-bbbb-bbbb-bbbb"])
        }
    }

    @Test func aReimportReplacesARecordOnlyWhenItsModifiedIsNewer() throws {
        try withAdvisories { advisories, directory in
            let first = try OSVTestRecords.directory([
                ("GHSA-aaaa-aaaa-aaaa", OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "old-name", fixed: "1.0.0", modified: "2024-01-01T00:00:00Z")),
            ], in: directory.path, named: "first")
            let older = try OSVTestRecords.directory([
                ("GHSA-aaaa-aaaa-aaaa", OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "other-name", fixed: "1.0.0", modified: "2023-06-01T00:00:00Z")),
            ], in: directory.path, named: "older")
            let newer = try OSVTestRecords.directory([
                ("GHSA-aaaa-aaaa-aaaa", OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "new-name", fixed: "2.0.0", modified: "2024-05-01T00:00:00Z")),
            ], in: directory.path, named: "newer")
            let importer = AdvisoryImporter(advisories: advisories)
            #expect(try importer.importAll(at: first).imported == 1)
            let unchanged = try importer.importAll(at: older)
            #expect(unchanged.unchanged == 1 && unchanged.replaced == 0)
            #expect(try self.advisories(of: "other-name", advisories).isEmpty)
            #expect(try importer.importAll(at: first).unchanged == 1)
            let replaced = try importer.importAll(at: newer)
            #expect(replaced.replaced == 1)
            #expect(try self.advisories(of: "old-name", advisories).isEmpty)
            #expect(try self.advisories(of: "new-name", advisories).count == 1)
            #expect(try advisories.stats().records == 1)
            #expect(try advisories.entry("GHSA-aaaa-aaaa-aaaa")?.packages.map(\.name) == ["new-name"])
        }
    }

    @Test func aMissingPathChangesNothing() throws {
        try withAdvisories { advisories, directory in
            let path = try OSVTestRecords.directory([
                ("GHSA-aaaa-aaaa-aaaa", OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "left-pad", fixed: "1.3.0")),
            ], in: directory.path)
            let importer = AdvisoryImporter(advisories: advisories)
            _ = try importer.importAll(at: path)
            let before = try advisories.stats()
            #expect(throws: AdvisoryImportError.self) { try importer.importAll(at: directory.appending("nothing-here")) }
            #expect(try advisories.stats() == before)
        }
    }

    @Test func aJSONFileWithAnArrayOfRecordsImportsEach() throws {
        try withAdvisories { advisories, directory in
            let file = directory.appending("records.json")
            let array = "[" + [
                OSVTestRecords.record(id: "GHSA-aaaa-aaaa-aaaa", package: "a", fixed: "1.0.0"),
                OSVTestRecords.record(id: "GHSA-bbbb-bbbb-bbbb", package: "b", fixed: "1.0.0"),
                "17",
            ].joined(separator: ",") + "]"
            try array.write(toFile: file, atomically: true, encoding: .utf8)
            let report = try AdvisoryImporter(advisories: advisories).importAll(at: file)
            #expect(report.imported == 2)
            #expect(report.skippedTotal == 1)
        }
    }

    @Test func hostileArchivesAreSkippedEntryByEntryAndHarmNothing() throws {
        try withAdvisories { advisories, directory in
            let importer = AdvisoryImporter(advisories: advisories)
            _ = try importer.importAll(at: RepositoryPaths.advisoryFixtures)
            let before = try advisories.stats()
            let lodash = try self.advisories(of: "lodash", advisories)
            #expect(before.records > 10 && !lodash.isEmpty)

            let traversal = try importer.importAll(at: RepositoryPaths.root + "/fixtures/zip/traversal.zip")
            #expect(traversal.skipped["zip.unsafePath"] == 6, "../evil.json, /absolute.json, a backslash, a drive letter, a NUL byte, docs/../../: \(traversal.skipped)")
            let bomb = try importer.importAll(at: RepositoryPaths.root + "/fixtures/zip/bomb.zip")
            #expect((bomb.skipped["zip.tooLarge"] ?? 0) + (bomb.skipped["zip.ratioExceeded"] ?? 0) == 1, "the 64 MiB of zeros: \(bomb.skipped)")
            #expect(throws: AdvisoryImportError.self) { try importer.importAll(at: RepositoryPaths.root + "/fixtures/zip/truncated.zip") }
            #expect(throws: AdvisoryImportError.self) { try importer.importAll(at: RepositoryPaths.root + "/fixtures/zip/not-a-zip.zip") }

            #expect(try advisories.stats().records == before.records)
            #expect(try self.advisories(of: "lodash", advisories) == lodash)
        }
    }
}
