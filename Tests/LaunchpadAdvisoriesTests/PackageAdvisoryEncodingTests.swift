import Foundation
import LaunchpadAdvisories
import Testing

struct PackageAdvisoryEncodingTests {
    /// An advisory using every part of the encoding: aliases, a score, a limit, all event kinds,
    /// prerelease identifiers of both kinds, explicit versions and non-ASCII text.
    private func richAdvisory() throws -> PackageAdvisory {
        let ranges = [
            OSVRange(type: .semver, events: [.introduced("0"), .fixed("1.2.3-rc.1"), .introduced("2.0.0"), .lastAffected("2.4.0")]),
            OSVRange(type: .ecosystem, events: [.introduced("3.0.0-alpha.7"), .limit("3.9.0"), .fixed("3.1.0")]),
        ]
        return PackageAdvisory(
            advisoryId: "GHSA-xxxx-yyyy-zzzz", aliases: ["CVE-2024-0001", "CVE-2024-0002"],
            modified: Date(timeIntervalSince1970: 1_704_164_645.123), summary: "Prototype pollution in «merge» 🧨",
            severity: .high, cvssScore: 8.1, ecosystem: "npm", name: "@scope/deep-merge",
            affected: try AffectedVersions(compiling: ranges, versions: ["5.0.0", "4.0.0-beta.2+build"]))
    }

    @Test func roundTrips() throws {
        let advisory = try richAdvisory()
        #expect(try PackageAdvisory(decoding: advisory.encoded()) == advisory)
    }

    @Test func roundTripsTheLodashAdvisories() throws {
        for advisory in try OSVRecordParser.parse(Array(OSVFixtures.lodash.utf8)).packageAdvisories() {
            let decoded = try PackageAdvisory(decoding: advisory.encoded())
            #expect(decoded == advisory)
            #expect(decoded.affected.contains(try #require(SemanticVersion("4.17.20"))))
        }
    }

    @Test func roundTripsWithoutScoreOrRanges() throws {
        let advisory = PackageAdvisory(
            advisoryId: "", aliases: [], modified: Date(timeIntervalSince1970: 0), summary: "", severity: .low,
            cvssScore: nil, ecosystem: "npm", name: "a", affected: AffectedVersions(ranges: [], versions: []))
        #expect(try PackageAdvisory(decoding: advisory.encoded()) == advisory)
    }

    @Test func refusesEveryTruncation() throws {
        let bytes = try richAdvisory().encoded()
        for cut in 0..<bytes.count {
            #expect(throws: OSVRecordProblem(.invalidEncoding), "cut at \(cut)") { try PackageAdvisory(decoding: Array(bytes[..<cut])) }
        }
    }

    @Test func refusesTrailingBytesAndUnknownFormat() throws {
        let bytes = try richAdvisory().encoded()
        #expect(throws: OSVRecordProblem(.invalidEncoding)) { try PackageAdvisory(decoding: bytes + [0]) }
        #expect(throws: OSVRecordProblem(.invalidEncoding)) { try PackageAdvisory(decoding: [2] + bytes.dropFirst()) }
    }

    @Test func refusesHugeCountsWithoutAllocating() {
        // format 1, then a range count of 2^63 that no input could hold.
        let bytes: [UInt8] = [1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(throws: OSVRecordProblem(.invalidEncoding)) { try PackageAdvisory(decoding: bytes) }
        let overflow: [UInt8] = [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: OSVRecordProblem(.invalidEncoding)) { try PackageAdvisory(decoding: overflow) }
    }

    @Test func fastPathAgreesWithDecodingThenMatching() throws {
        let advisory = try richAdvisory()
        let bytes = advisory.encoded()
        let probes = [
            "0.0.1", "1.2.2", "1.2.3-rc.0", "1.2.3-rc.1", "1.2.3", "2.0.0-beta", "2.0.0", "2.4.0", "2.4.1",
            "3.0.0-alpha.6", "3.0.0-alpha.7", "3.0.5", "3.1.0", "3.8.0", "4.0.0-beta.2", "4.0.0", "5.0.0", "9.9.9",
        ]
        var affected: [String] = []
        for text in probes {
            let version = try #require(SemanticVersion(text))
            let fast = try PackageAdvisory.decoded(bytes, ifAffecting: version)
            #expect(fast == (advisory.affected.contains(version) ? advisory : nil), "\(text)")
            if fast != nil { affected.append(text) }
        }
        // Below the first fix, the last_affected range, the limited range, and the two listed versions.
        #expect(affected == ["0.0.1", "1.2.2", "1.2.3-rc.0", "2.0.0", "2.4.0", "3.0.0-alpha.7", "3.0.5", "4.0.0-beta.2", "5.0.0"])
    }

    @Test func fastPathRefusesTruncatedRanges() throws {
        let bytes = try richAdvisory().encoded()
        let version = try #require(SemanticVersion("9.9.9"))
        // The ranges and versions take the first part of the bytes; a cut inside them cannot be read.
        for cut in 0..<20 {
            #expect(throws: OSVRecordProblem(.invalidEncoding), "cut at \(cut)") {
                try PackageAdvisory.decoded(Array(bytes[..<cut]), ifAffecting: version)
            }
        }
    }

    /// Random bytes and single-byte corruptions: refused or decoded, never a trap.
    @Test func survivesGarbage() throws {
        let bytes = try richAdvisory().encoded()
        for index in bytes.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var corrupted = bytes
                corrupted[index] = value
                _ = try? PackageAdvisory(decoding: corrupted)
                _ = try? PackageAdvisory.decoded(corrupted, ifAffecting: SemanticVersion(major: 1, minor: 2, patch: 3))
            }
        }
        for _ in 0..<1000 {
            let garbage = (0..<Int.random(in: 0..<64)).map { _ in UInt8.random(in: 0...255) }
            _ = try? PackageAdvisory(decoding: [1] + garbage)
        }
    }
}
