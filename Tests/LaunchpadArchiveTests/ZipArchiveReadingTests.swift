import Foundation
import LaunchpadArchive
import Testing

@Suite struct ZipArchiveReadingTests {
    @Test func listsEntriesFromTheCentralDirectory() throws {
        let archive = try ZipFixtures.open("normal.zip")
        #expect(archive.entries.map(\.name) == ["stored.json", "deflated.json", "dir/", "dir/nested.json"])
        #expect(archive.entries.map(\.method) == [0, 8, 0, 8])
        #expect(archive.entries.map(\.isDirectory) == [false, false, true, false])
        let deflated = archive.entries[1]
        #expect(deflated.compressedSize < deflated.uncompressedSize)
    }

    @Test func readsStoredAndDeflatedEntries() throws {
        let archive = try ZipFixtures.open("normal.zip")
        let stored = try #require(archive.text(of: "stored.json"))
        #expect(stored.hasPrefix(ZipFixtures.recordPrefix(1)))
        #expect(stored.filter { $0 == "\n" }.count == 1)

        let deflated = try #require(archive.text(of: "deflated.json"))
        let records = deflated.split(separator: "\n")
        #expect(records.count == 40)
        #expect(Set(records).count == 1)
        #expect(records[0].hasPrefix(ZipFixtures.recordPrefix(2)))

        #expect(try #require(archive.text(of: "dir/nested.json")).hasPrefix(ZipFixtures.recordPrefix(3)))
        #expect(archive.text(of: "dir/") == "")
        for entry in archive.entries {
            #expect(try archive.contents(of: entry).count == entry.uncompressedSize)
        }
    }

    @Test func readsAZip64Archive() throws {
        let archive = try ZipFixtures.open("zip64.zip")
        #expect(archive.entries.map(\.name) == ["first.json", "second.json"])
        // The central records hold 0xFFFFFFFF: these sizes and offsets come from the zip64 extra fields.
        #expect(archive.entries.allSatisfy { $0.uncompressedSize < 0xFFFF_FFFF && $0.compressedSize < 0xFFFF_FFFF })
        #expect(archive.entries[1].localHeaderOffset > 0 && archive.entries[1].localHeaderOffset < 0xFFFF_FFFF)
        #expect(try #require(archive.text(of: "first.json")).hasPrefix(ZipFixtures.recordPrefix(4)))
        let second = try #require(archive.text(of: "second.json")).split(separator: "\n")
        #expect(second.count == 20)
        #expect(second[0].hasPrefix(ZipFixtures.recordPrefix(5)))
    }

    @Test func tooManyEntriesFailsTheArchive() throws {
        let count = try ZipFixtures.open("normal.zip").entries.count
        let error = try #require(openingFailure(ZipFixtures.path("normal.zip"), limits: ZipLimits(maxEntries: count - 1)))
        #expect(error.code == .tooManyEntries)
        #expect(error.description.hasPrefix(ZipFixtures.path("normal.zip") + ": "))
        #expect(openingFailure(ZipFixtures.path("normal.zip"), limits: ZipLimits(maxEntries: count)) == nil)
    }

    @Test func totalSizeCountsEveryEntryRead() throws {
        let sizes = try ZipFixtures.open("normal.zip").entries.map(\.uncompressedSize)
        let archive = try ZipFixtures.open("normal.zip", limits: ZipLimits(maxTotalSize: sizes[0] + sizes[1]))
        #expect(archive.refusal(of: "stored.json") == nil)
        #expect(archive.refusal(of: "deflated.json") == nil)
        #expect(archive.refusal(of: "dir/") == nil)
        #expect(archive.refusal(of: "dir/nested.json") == .totalExceeded)
        // Reading an entry again counts again.
        #expect(archive.refusal(of: "stored.json") == .totalExceeded)
    }

    @Test func readsEntriesFromSeveralThreadsAtOnce() async throws {
        let archive = try ZipFixtures.open("normal.zip")
        let expected = try archive.entries.map { try archive.contents(of: $0) }
        let results = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<32 {
                let index = round % archive.entries.count
                group.addTask { (try? archive.contents(of: archive.entries[index])) == expected[index] }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }

    @Test func aLargeEntryInflatesWhenTheLimitsAllowIt() throws {
        let archive = try ZipFixtures.open("bomb.zip", limits: ZipLimits(maxEntrySize: 1 << 30, maxRatio: 2000))
        let zeros = try #require(try archive.result(of: "zeros.json")?.get())
        #expect(zeros.count == 64 << 20)
        #expect(zeros.allSatisfy { $0 == 0 })
    }
}
