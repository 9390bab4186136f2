import LaunchpadAdvisories
import Testing

struct AffectedVersionsTests {
    /// Compiles events given as ("introduced", "1.0.0") pairs into one range of `type`.
    private func affected(
        _ ranges: [[(String, String)]], type: OSVRangeType = .semver, versions: [String] = []
    ) throws -> AffectedVersions {
        let osvRanges = ranges.map { events in
            OSVRange(type: type, events: events.map { key, version in
                switch key {
                case "introduced": .introduced(version)
                case "fixed": .fixed(version)
                case "last_affected": .lastAffected(version)
                default: .limit(version)
                }
            })
        }
        return try AffectedVersions(compiling: osvRanges, versions: versions)
    }

    private func expectAffected(_ affected: AffectedVersions, _ expected: [String: Bool], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (text, isAffected) in expected.sorted(by: { $0.key < $1.key }) {
            let version = try #require(SemanticVersion(text))
            #expect(affected.contains(version) == isAffected, "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func introducedZeroCoversEverythingBelowTheFix() throws {
        try expectAffected(affected([[("introduced", "0"), ("fixed", "1.0.2")]]), [
            "0.0.0-alpha": true, "0.0.0": true, "1.0.1": true, "1.0.2-rc.1": true, "1.0.2": false, "2.0.0": false,
        ])
    }

    @Test func introducedZeroAloneCoversEveryVersion() throws {
        try expectAffected(affected([[("introduced", "0")]]), ["0.0.0-0": true, "99.0.0": true])
    }

    @Test func fixedVersionItselfIsNotAffected() throws {
        try expectAffected(affected([[("introduced", "4.0.0"), ("fixed", "4.17.21")]]), [
            "3.10.1": false, "4.0.0": true, "4.17.20": true, "4.17.21": false, "4.17.21+build.1": false,
        ])
    }

    @Test func prereleaseOfTheFixIsBelowIt() throws {
        try expectAffected(affected([[("introduced", "1.0.0"), ("fixed", "1.5.0")]]), [
            "1.5.0-rc.1": true, "1.5.0": false, "1.0.0-beta": false,
        ])
    }

    @Test func lastAffectedIsInclusive() throws {
        try expectAffected(affected([[("introduced", "1.0.0"), ("last_affected", "1.4.2")]]), [
            "1.4.2": true, "1.4.2+meta": true, "1.4.3-alpha": false, "1.4.3": false, "0.9.9": false,
        ])
    }

    @Test func limitBoundsTheWholeRange() throws {
        let limited = try affected([[("introduced", "0"), ("limit", "2.0.0")]])
        try expectAffected(limited, ["1.9.9": true, "2.0.0": false, "3.0.0": false])
        // A limit only gates: it does not close the range the way `fixed` does.
        try expectAffected(affected([[("introduced", "0"), ("limit", "1.0.0"), ("introduced", "2.0.0"), ("limit", "3.0.0")]]), [
            "0.5.0": true, "1.5.0": true, "2.5.0": true, "3.5.0": false,
        ])
        try expectAffected(affected([[("introduced", "1.0.0"), ("limit", "2.0.0"), ("limit", "*")]]), ["5.0.0": true])
    }

    @Test func severalIntroducedFixedPairsInOneRange() throws {
        try expectAffected(affected([[("introduced", "1.0.0"), ("fixed", "1.0.2"), ("introduced", "3.0.0"), ("fixed", "3.2.5")]]), [
            "0.9.0": false, "1.0.0": true, "1.0.1": true, "1.0.2": false, "2.0.0": false,
            "3.0.0": true, "3.2.4": true, "3.2.5": false, "4.0.0": false,
        ])
    }

    @Test func eventsAreSortedBeforeEvaluation() throws {
        let unsorted = try affected([[("fixed", "3.2.5"), ("introduced", "3.0.0"), ("fixed", "1.0.2"), ("introduced", "1.0.0")]])
        let sorted = try affected([[("introduced", "1.0.0"), ("fixed", "1.0.2"), ("introduced", "3.0.0"), ("fixed", "3.2.5")]])
        #expect(unsorted == sorted)
        try expectAffected(unsorted, ["1.0.1": true, "2.0.0": false, "3.1.0": true, "3.2.5": false])
    }

    @Test func explicitVersionsOnly() throws {
        let listed = try affected([], versions: ["1.2.3", "1.2.5+build", "2.0.0-beta.1"])
        try expectAffected(listed, [
            "1.2.3": true, "1.2.3+other": true, "1.2.4": false, "1.2.5": true, "2.0.0-beta.1": true, "2.0.0": false,
        ])
    }

    @Test func versionsAndRangesAreOred() throws {
        try expectAffected(affected([[("introduced", "2.0.0"), ("fixed", "2.1.0")]], versions: ["1.0.0"]), [
            "1.0.0": true, "2.0.5": true, "1.5.0": false,
        ])
    }

    @Test func ecosystemRangeUsesNpmSemver() throws {
        try expectAffected(affected([[("introduced", "0"), ("fixed", "v2.0.0")]], type: .ecosystem), [
            "1.9.9": true, "2.0.0": false,
        ])
    }

    @Test func anyRangeMatching() throws {
        try expectAffected(affected([[("introduced", "0"), ("fixed", "1.0.0")], [("introduced", "5.0.0"), ("fixed", "5.1.0")]]), [
            "0.5.0": true, "3.0.0": false, "5.0.1": true,
        ])
    }

    @Test func lowestFixedAcrossSeveralRanges() throws {
        let affected = try affected([
            [("introduced", "4.0.0"), ("fixed", "4.17.21")],
            [("introduced", "0"), ("fixed", "3.10.2")],
            [("introduced", "4.17.21"), ("fixed", "4.17.23")],
        ])
        // 4.17.21 is itself affected by the third range, so the upgrade is 4.17.23.
        #expect(affected.lowestFixed(above: try #require(SemanticVersion("4.17.15"))) == SemanticVersion("4.17.23"))
        #expect(affected.lowestFixed(above: try #require(SemanticVersion("3.0.0"))) == SemanticVersion("3.10.2"))
        #expect(affected.lowestFixed(above: try #require(SemanticVersion("4.17.23"))) == nil)
    }

    @Test func lowestFixedIsNilWithOnlyLastAffected() throws {
        let affected = try affected([[("introduced", "0"), ("last_affected", "2.3.0")]])
        #expect(affected.lowestFixed(above: try #require(SemanticVersion("2.0.0"))) == nil)
    }

    @Test func refusesWhatCannotBeEvaluated() {
        #expect(throws: OSVRecordProblem(.unknownRangeType, field: "affected.ranges[0].type", "")) {
            _ = try AffectedVersions(compiling: [OSVRange(type: .git, events: [.introduced("0")])], versions: [])
        }
        #expect(throws: OSVRecordProblem(.invalidRange, field: "affected.ranges[0].events", "")) {
            _ = try affected([[("fixed", "1.0.0")]])
        }
        #expect(throws: OSVRecordProblem(.invalidVersion, field: "affected.ranges[0].events[1].fixed", "")) {
            _ = try affected([[("introduced", "0"), ("fixed", "1.x")]])
        }
        #expect(throws: OSVRecordProblem(.invalidVersion, field: "affected.versions[1]", "")) {
            _ = try affected([], versions: ["1.0.0", "latest"])
        }
    }
}
