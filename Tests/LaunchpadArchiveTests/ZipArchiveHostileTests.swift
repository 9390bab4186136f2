import Foundation
import LaunchpadArchive
import LaunchpadTestSupport
import Testing

@Suite struct ZipArchiveHostileTests {
    @Test func unsafeNamesAreRefusedAndTheGoodEntriesStillRead() throws {
        let archive = try ZipFixtures.open("traversal.zip")
        #expect(archive.entries.count == 8)
        #expect(try #require(archive.text(of: "good.json")).hasPrefix(ZipFixtures.recordPrefix(6)))
        #expect(try #require(archive.text(of: "also-good.json")).hasPrefix(ZipFixtures.recordPrefix(13)))
        for name in ["../evil.json", "/absolute.json", "windows\\path.json", "C:drive.json", "nul\u{0}.json", "docs/../../escape.json"] {
            #expect(archive.refusal(of: name) == .unsafePath, "\(name)")
        }
    }

    @Test func aBombIsRefusedByEntrySizeWithDefaultLimits() throws {
        let archive = try ZipFixtures.open("bomb.zip")
        #expect(archive.refusal(of: "zeros.json") == .tooLarge)
        #expect(archive.refusal(of: "small.json") == nil)
    }

    @Test func aBombIsRefusedByALowEntrySize() throws {
        let small = try ZipFixtures.open("bomb.zip").entries[0].uncompressedSize
        let archive = try ZipFixtures.open("bomb.zip", limits: ZipLimits(maxEntrySize: small))
        #expect(archive.refusal(of: "zeros.json") == .tooLarge)
        #expect(archive.refusal(of: "small.json") == nil)
    }

    @Test func aBombIsRefusedByRatioWhenItsSizeIsAllowed() throws {
        let archive = try ZipFixtures.open("bomb.zip", limits: ZipLimits(maxEntrySize: 1 << 30))
        #expect(archive.refusal(of: "zeros.json") == .ratioExceeded)
    }

    /// The central record declares 1,000 bytes for 32 MiB of zeros: only the checks made while inflating catch it.
    @Test func limitsHoldWhileInflatingWhateverSizeIsDeclared() throws {
        let declared = try #require(try ZipFixtures.open("lying-size.zip").entries.first)
        #expect(declared.uncompressedSize == 1000)

        let defaults = try ZipFixtures.open("lying-size.zip")
        #expect(defaults.refusal(of: "zeros.json") == .tooLarge)

        let bigEntries = try ZipFixtures.open("lying-size.zip", limits: ZipLimits(maxEntrySize: 1 << 30))
        #expect(bigEntries.refusal(of: "zeros.json") == .ratioExceeded)

        let bigTotal = try ZipFixtures.open("lying-size.zip", limits: ZipLimits(maxEntrySize: 1 << 30, maxTotalSize: 1 << 20, maxRatio: 10_000))
        #expect(bigTotal.refusal(of: "zeros.json") == .totalExceeded)

        let noLimits = try ZipFixtures.open("lying-size.zip", limits: ZipLimits(maxEntrySize: 1 << 30, maxRatio: 10_000))
        guard case .failure(let problem) = noLimits.result(of: "zeros.json") else {
            Issue.record("an entry larger than declared was read")
            return
        }
        #expect(problem.code == .corrupt)
        #expect(problem.description == "zeros.json: declares 1000 bytes but holds \(32 << 20)")
    }

    @Test func aWrongCRCIsRefused() throws {
        let archive = try ZipFixtures.open("bad-crc.zip")
        #expect(archive.refusal(of: "bad-crc.json") == .crcMismatch)
        #expect(archive.refusal(of: "good.json") == nil)
    }

    @Test func anEncryptedEntryIsRefused() throws {
        let archive = try ZipFixtures.open("encrypted.zip")
        #expect(archive.entries.map(\.isEncrypted) == [false, true])
        #expect(archive.refusal(of: "encrypted.json") == .encrypted)
        #expect(archive.text(of: "plain.json")?.hasPrefix(ZipFixtures.recordPrefix(17)) == true)
    }

    @Test func overlappingEntriesAreRefused() throws {
        let archive = try ZipFixtures.open("overlapping.zip")
        // first and second share one local header; third's data runs over fourth's local header.
        #expect(archive.refusal(of: "first.json") == .overlapping)
        #expect(archive.refusal(of: "second.json") == .overlapping)
        #expect(archive.refusal(of: "third.json") == .overlapping)
        #expect(archive.text(of: "fourth.json")?.hasPrefix(ZipFixtures.recordPrefix(22)) == true)
    }

    @Test func anUnsupportedMethodIsRefused() throws {
        let archive = try ZipFixtures.open("unsupported-method.zip")
        #expect(archive.refusal(of: "bzip2.json") == .unsupportedMethod)
        #expect(archive.refusal(of: "stored.json") == nil)
    }

    @Test func archivesThatCannotBeOpenedSayWhy() throws {
        #expect(openingFailure(ZipFixtures.path("truncated.zip"))?.code == .truncated)
        #expect(openingFailure(ZipFixtures.path("not-a-zip.zip"))?.code == .notAZip)
        let missing = try #require(openingFailure(ZipFixtures.path("missing.zip")))
        #expect(missing.code == .io)
        #expect(missing.description == ZipFixtures.path("missing.zip") + ": open failed: No such file or directory")
        #expect(openingFailure(ZipFixtures.directory)?.code == .io)
        let directory = try TemporaryDirectory()
        try Data().write(to: URL(fileURLWithPath: directory.appending("empty.zip")))
        #expect(openingFailure(directory.appending("empty.zip"))?.code == .notAZip)
    }

    /// Every single-byte corruption and every truncation of an archive either fails with a value
    /// or reads entries of their declared size and CRC: never a trap.
    @Test(arguments: ["normal.zip", "zip64.zip"])
    func damagedArchivesFailAsValues(fixture: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ZipFixtures.path(fixture))))
        let directory = try TemporaryDirectory()
        let path = directory.appending("damaged.zip")
        var opened = 0
        var refused = 0
        func check(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard let archive = try? ZipArchive(path: path) else { return }
            opened += 1
            for entry in archive.entries {
                do throws(ZipEntryProblem) {
                    let contents = try archive.contents(of: entry)
                    #expect(contents.count == entry.uncompressedSize)
                } catch {
                    refused += 1
                }
            }
        }
        for index in original.indices {
            var damaged = original
            damaged[index] ^= 0xFF
            try check(damaged)
        }
        for length in 0..<original.count {
            try check(Array(original[..<length]))
        }
        // Damage to entry data is found per entry, without failing the archive.
        #expect(opened > original.count / 2)
        #expect(refused > 0)
    }
}
