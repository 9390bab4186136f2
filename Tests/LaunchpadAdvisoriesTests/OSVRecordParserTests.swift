import Foundation
import LaunchpadAdvisories
import LaunchpadTestSupport
import Testing

struct OSVRecordParserTests {
    private func parse(_ text: String) throws(OSVRecordProblem) -> OSVRecord {
        try OSVRecordParser.parse(Array(text.utf8))
    }

    private func advisories(_ text: String) throws(OSVRecordProblem) -> [PackageAdvisory] {
        try parse(text).packageAdvisories()
    }

    @Test func parsesTheLodashRecord() throws {
        let record = try parse(OSVFixtures.lodash)
        #expect(record.id == "GHSA-29mw-wpgm-hmr9")
        #expect(record.aliases == ["CVE-2020-28500"])
        #expect(record.modified == Date(timeIntervalSince1970: 1_710_503_676))
        #expect(record.published == Date(timeIntervalSince1970: 1_641_501_046))
        #expect(record.withdrawn == nil)
        #expect(record.summary == "Regular Expression Denial of Service (ReDoS) in lodash")
        #expect(record.severity == [OSVSeverityScore(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")])
        #expect(record.databaseSpecificSeverity == "MODERATE")
        #expect(record.affected.map(\.name) == ["lodash", "lodash-es"])
        #expect(record.affected[0].ranges == [OSVRange(type: .ecosystem, events: [.introduced("4.0.0"), .fixed("4.17.21")])])
    }

    /// One record listing 150,000 versions once made every scan of its package take seconds: an
    /// entry may list at most `AffectedVersions.maximumVersions`.
    @Test func anEntryListingMoreVersionsThanTheLimitIsRefusedNamingIt() throws {
        func listing(_ count: Int) -> String {
            let versions = (0..<count).map { "\"1.\($0 / 1000).\($0 % 1000)\"" }.joined(separator: ",")
            return OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "left-pad"}, "versions": ["# + versions + "]}]"])
        }
        let refused = #expect(throws: OSVRecordProblem.self) { try advisories(listing(AffectedVersions.maximumVersions + 1)) }
        #expect(refused?.code == .tooManyVersions)
        #expect(refused?.field == "affected[0].versions")
        #expect(try advisories(listing(AffectedVersions.maximumVersions)).first?.affected.versions.count == AffectedVersions.maximumVersions)
    }

    @Test func lodashRecordBecomesOneAdvisoryPerPackage() throws {
        let advisories = try advisories(OSVFixtures.lodash)
        #expect(advisories.map(\.name) == ["lodash", "lodash-es"])
        let lodash = advisories[0]
        #expect(lodash.advisoryId == "GHSA-29mw-wpgm-hmr9")
        #expect(lodash.aliases == ["CVE-2020-28500"])
        #expect(lodash.ecosystem == "npm")
        #expect(lodash.severity == .medium)
        #expect(lodash.cvssScore == 5.3)
        let installed = try #require(SemanticVersion("4.17.15"))
        #expect(lodash.affected.contains(installed))
        #expect(!lodash.affected.contains(try #require(SemanticVersion("4.17.21"))))
        #expect(!lodash.affected.contains(try #require(SemanticVersion("3.10.1"))))
        #expect(lodash.affected.lowestFixed(above: installed) == SemanticVersion("4.17.21"))
    }

    @Test func summaryFallsBackToTheFirstLineOfDetails() throws {
        let record = try parse(OSVFixtures.record(["summary": nil, "details": #""\n  First line.  \nSecond line.""#]))
        #expect(record.summary == "First line.")
        #expect(try parse(OSVFixtures.record(["summary": nil])).summary == "")
    }

    @Test func fractionalSecondsAndOffsetsInDates() throws {
        let record = try parse(OSVFixtures.record(["modified": #""2024-01-02T05:04:05.5+02:00""#]))
        #expect(record.modified == Date(timeIntervalSince1970: 1_704_164_645.5))
    }

    @Test func severityFromTheHighestV3VectorWhenNoWordIsStated() throws {
        let text = OSVFixtures.record([
            "database_specific": nil,
            "severity": #"[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}, {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}, {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N"}]"#,
        ])
        let advisory = try #require(try advisories(text).first)
        #expect(advisory.severity == .critical)
        #expect(advisory.cvssScore == 9.8)
    }

    @Test func entrySeverityCountsForItsOwnPackage() throws {
        let text = OSVFixtures.record([
            "database_specific": nil,
            "affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}], "versions": ["1.0.0"]}, {"package": {"ecosystem": "npm", "name": "b"}, "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}], "versions": ["1.0.0"]}]"#,
        ])
        let advisories = try advisories(text)
        #expect(advisories.map(\.severity) == [.high, .medium])
        #expect(advisories.map(\.cvssScore) == [7.5, 5.3])
    }

    @Test func nonNpmEntriesAreIgnored() throws {
        let text = OSVFixtures.record([
            "affected": #"[{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0.post1"}]}]}, {"package": {"ecosystem": "npm", "name": "y"}, "versions": ["2.0.0"]}]"#,
        ])
        #expect(try advisories(text).map(\.name) == ["y"])
    }

    @Test func unknownFieldsAndFreeFormDatabaseSpecificAreTolerated() throws {
        let record = try parse(OSVFixtures.record(["database_specific": #"{"severity": {"nested": true}}"#, "credits": #"[{"name": "x"}]"#]))
        #expect(record.databaseSpecificSeverity == nil)
    }

    // MARK: Problems, one crafted document per code.

    @Test func notJSON() {
        #expect(throws: OSVRecordProblem(.notJSON)) { try parse(#"{"id": "#) }
        #expect(throws: OSVRecordProblem(.notJSON)) { try parse("[1, 2]") }
        #expect(throws: OSVRecordProblem(.notJSON)) { try parse("") }
        #expect(throws: OSVRecordProblem(.notJSON)) { try OSVRecordParser.parse([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) }
    }

    @Test func tooLarge() {
        let padding = String(repeating: " ", count: OSVRecordParser.maximumBytes)
        #expect(throws: OSVRecordProblem(.tooLarge)) { try parse(OSVFixtures.record() + padding) }
    }

    @Test func tooDeep() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(throws: OSVRecordProblem(.tooDeep)) { try parse(OSVFixtures.record(["x": deep])) }
        // Brackets inside strings do not count.
        let quoted = "\"" + String(repeating: "[", count: 70) + "\\\"{\""
        #expect(throws: Never.self) { try parse(OSVFixtures.record(["x": quoted])) }
    }

    @Test func missingId() {
        #expect(throws: OSVRecordProblem(.missingField, field: "id")) { try parse(OSVFixtures.record(["id": nil])) }
    }

    @Test func missingModified() {
        #expect(throws: OSVRecordProblem(.missingField, field: "modified")) { try parse(OSVFixtures.record(["modified": nil])) }
    }

    @Test func missingNestedFieldIsNamedWithItsPath() {
        let text = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"events": []}]}]"#])
        #expect(throws: OSVRecordProblem(.missingField, field: "affected[0].ranges[0].type")) { try parse(text) }
    }

    @Test func wrongType() {
        #expect(throws: OSVRecordProblem(.wrongType, field: "id")) { try parse(OSVFixtures.record(["id": "42"])) }
        #expect(throws: OSVRecordProblem(.wrongType, field: "aliases[1]")) { try parse(OSVFixtures.record(["aliases": #"["CVE-1", null]"#])) }
        let event = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": 0}]}]}]"#])
        #expect(throws: OSVRecordProblem(.wrongType, field: "affected[0].ranges[0].events[0].introduced")) { try parse(event) }
    }

    @Test func badDate() {
        for date in [#""2024-13-01T00:00:00Z""#, #""2023-02-29T00:00:00Z""#, #""2024-01-02""#, #""2024-01-02T03:04:05""#, #""yesterday""#] {
            #expect(throws: OSVRecordProblem(.invalidDate, field: "modified"), "\(date)") { try parse(OSVFixtures.record(["modified": date])) }
        }
        #expect(throws: OSVRecordProblem(.invalidDate, field: "published")) { try parse(OSVFixtures.record(["published": #""2024-01-02 x""#])) }
    }

    @Test func unknownRangeTypeWhenParsing() {
        let text = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER2", "events": [{"introduced": "0"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.unknownRangeType, field: "affected[0].ranges[0].type")) { try parse(text) }
    }

    @Test func gitRangeOnNpm() {
        let text = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "GIT", "repo": "https://github.com/a/a", "events": [{"introduced": "0"}, {"fixed": "4f1e3a9c5bc0f4c3d7a0d8e9b1c2d3e4f5a6b7c8"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.unknownRangeType, field: "affected[0].ranges[0].type")) { try advisories(text) }
    }

    @Test func invalidVersionNamesTheEvent() {
        let text = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.0"}]}, {"type": "SEMVER", "events": [{"introduced": "2.0.0"}, {"last_affected": "2.1.0"}, {"fixed": "1.x"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.invalidVersion, field: "affected[0].ranges[1].events[2].fixed")) { try advisories(text) }
    }

    @Test func invalidRange() {
        let noIntroduced = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1.0.0"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.invalidRange, field: "affected[0].ranges[0].events")) { try advisories(noIntroduced) }
        let twoKeys = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1.0.0"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.invalidRange, field: "affected[0].ranges[0].events[0]")) { try parse(twoKeys) }
        let unknownKey = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"patched": "1.0.0"}]}]}]"#])
        #expect(throws: OSVRecordProblem(.invalidRange, field: "affected[0].ranges[0].events[0].patched")) { try parse(unknownKey) }
        let empty = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "npm", "name": "a"}}]"#])
        #expect(throws: OSVRecordProblem(.invalidRange, field: "affected[0]")) { try advisories(empty) }
    }

    @Test func withdrawn() {
        #expect(throws: OSVRecordProblem(.withdrawn, field: "withdrawn")) {
            try advisories(OSVFixtures.record(["withdrawn": #""2024-02-01T00:00:00Z""#]))
        }
    }

    @Test func v4OnlyVectorWithoutAStatedSeverity() throws {
        let text = OSVFixtures.record([
            "database_specific": nil,
            "severity": #"[{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}]"#,
        ])
        do {
            _ = try advisories(text)
            Issue.record("a v4-only record was accepted")
        } catch {
            #expect(error.code == .noSeverity)
            #expect(error.description.contains("CVSS v4"))
        }
    }

    @Test func noSeverityAtAll() {
        #expect(throws: OSVRecordProblem(.noSeverity, field: "severity")) {
            try advisories(OSVFixtures.record(["database_specific": #"{"severity": "UNKNOWN"}"#]))
        }
        let zero = OSVFixtures.record([
            "database_specific": nil,
            "severity": #"[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"}]"#,
        ])
        #expect(throws: OSVRecordProblem(.noSeverity, field: "severity")) { try advisories(zero) }
    }

    @Test func malformedV3Vector() {
        let text = OSVFixtures.record(["severity": #"[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N"}]"#])
        #expect(throws: OSVRecordProblem(.invalidSeverity, field: "severity[0].score")) { try advisories(text) }
    }

    @Test func noNpmEntry() {
        let text = OSVFixtures.record(["affected": #"[{"package": {"ecosystem": "PyPI", "name": "a"}, "versions": ["1.0"]}]"#])
        #expect(throws: OSVRecordProblem(.notNpm, field: "affected")) { try advisories(text) }
        #expect(throws: OSVRecordProblem(.notNpm, field: "affected")) { try advisories(OSVFixtures.record(["affected": nil])) }
    }

    @Test func problemDescriptionsNameTheField() {
        do {
            _ = try parse(OSVFixtures.record(["modified": #""soon""#]))
            Issue.record("accepted a bad date")
        } catch {
            #expect(error.description.contains("modified"))
            #expect(error.description.contains("soon"))
        }
    }

    /// Truncations and seeded byte flips of a real record: each is either parsed into advisories or
    /// refused with a problem; none traps.
    @Test func survivesMangledInput() {
        let bytes = Array(OSVFixtures.lodash.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: OSVRecordProblem(.notJSON), "cut at \(cut)") { try OSVRecordParser.parse(Array(bytes[..<cut])) }
        }
        var generator = SeededGenerator(seed: 0x05F1_2024)
        var parsed = 0
        var refusals: [OSVRecordProblem.Code: Int] = [:]
        for _ in 0..<300 {
            var mangled = bytes
            for _ in 0..<3 { mangled[Int.random(in: 0..<mangled.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            do {
                let advisories = try OSVRecordParser.parse(mangled).packageAdvisories()
                #expect(!advisories.isEmpty, "a record that parses names an npm package")
                parsed += 1
            } catch {
                #expect(!error.description.isEmpty)
                refusals[error.code, default: 0] += 1
            }
        }
        #expect(parsed > 0, "flips inside strings leave a usable record")
        #expect(refusals.count >= 2, "refusals name what is wrong, not only 'not JSON': \(refusals)")
    }
}

extension OSVRecordProblem {
    /// A problem to compare with: equality looks at `code` and `field` only.
    init(_ code: Code, field: String? = nil) {
        self.init(code, field: field, "")
    }
}

/// GitHub writes one `affected` entry per release line of a package; they are one advisory for it.
struct SeveralEntriesForOnePackageTests {
    @Test func entriesOfOnePackageAreMergedSoEveryReleaseLineMatches() throws {
        let json = #"""
        {"id":"GHSA-xvch-5gv4-984h","modified":"2024-01-01T00:00:00Z","database_specific":{"severity":"CRITICAL"},
         "affected":[
           {"package":{"ecosystem":"npm","name":"minimist"},"ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"fixed":"1.2.6"}]}]},
           {"package":{"ecosystem":"npm","name":"minimist"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.2.4"}]}]},
           {"package":{"ecosystem":"npm","name":"other"},"versions":["1.0.0"]}]}
        """#
        let advisories = try OSVRecordParser.parse(Array(json.utf8)).packageAdvisories()
        #expect(advisories.map(\.name) == ["minimist", "other"])
        let minimist = advisories[0].affected
        for (version, affected) in [("1.2.5", true), ("0.2.3", true), ("1.2.6", false), ("0.2.4", false), ("0.9.0", false)] {
            #expect(minimist.contains(SemanticVersion(version)!) == affected, "\(version)")
        }
        #expect(minimist.lowestFixed(above: SemanticVersion("1.2.5")!) == SemanticVersion("1.2.6"))
        #expect(minimist.lowestFixed(above: SemanticVersion("0.1.0")!) == SemanticVersion("0.2.4"))
    }
}
