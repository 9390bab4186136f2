import Foundation
import LaunchpadCore
import Testing

@Suite struct RateLimitPolicyTests {
    @Test func theSeedDefaultIsOneHundredPerFifteenMinutesAndTwentyPerMinute() {
        #expect(RateLimitPolicy.seedDefault == RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 20, burstPeriodSeconds: 60))
    }

    @Test(arguments: [
        ("100/15m", RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 0, burstPeriodSeconds: 0)),
        ("100/15m,20/1m", RateLimitPolicy.seedDefault),
        (" 100 / 15m , 20 / 1m ", RateLimitPolicy.seedDefault),
        ("100/900s,20/60s", RateLimitPolicy.seedDefault),
        ("5000/1h,20/m", RateLimitPolicy(limit: 5000, periodSeconds: 3600, burst: 20, burstPeriodSeconds: 60)),
        ("1/s", RateLimitPolicy(limit: 1, periodSeconds: 1, burst: 0, burstPeriodSeconds: 0)),
        ("30/15m,10/1m", RateLimitPolicy(limit: 30, periodSeconds: 900, burst: 10, burstPeriodSeconds: 60)),
        ("1000/8760h", RateLimitPolicy(limit: 1000, periodSeconds: 8760 * 3600, burst: 0, burstPeriodSeconds: 0)),
    ])
    func parsesWhatItShould(_ text: String, _ expected: RateLimitPolicy) throws {
        #expect(try RateLimitPolicy(parsing: text) == expected)
    }

    @Test(arguments: [
        ("", "empty limit"),
        ("100", "is not COUNT/PERIOD"),
        ("100/15m/2", "is not COUNT/PERIOD"),
        ("/15m", "the count \"\""),
        ("0/15m", "the count \"0\""),
        ("-5/15m", "the count \"-5\""),
        ("+5/15m", "the count \"+5\""),
        ("1.5/15m", "the count \"1.5\""),
        ("ten/15m", "the count \"ten\""),
        ("99999999999999999999/15m", "the count \"99999999999999999999\""),
        ("100/", "has no period"),
        ("100/15", "has no known unit"),
        ("100/15d", "has no known unit"),
        ("100/15M", "has no known unit"),
        ("100/0m", "the period \"0m\""),
        ("100/-1m", "the period \"-1m\""),
        ("100/1 5m", "the period \"1 5m\""),
        ("100/9000h", "longer than a year"),
        ("100/99999999999999999h", "the period \"99999999999999999h\""),
        ("100/15m,", "empty limit"),
        ("100/15m,,20/1m", "has 3 limits"),
        ("100/15m,20/1m,5/1s", "has 3 limits"),
        ("100/15m,0/1m", "the count \"0\""),
        ("2000000000/1s", "more than one request per nanosecond"),
    ])
    func rejectsWhatItShouldNamingTheProblem(_ text: String, _ problem: String) {
        #expect {
            _ = try RateLimitPolicy(parsing: text)
        } throws: { error in
            guard let error = error as? RateLimitPolicyError else { return false }
            return error.message.contains(problem) && error.description.hasPrefix("invalid rate limit: ")
        }
    }

    @Test func validateRefusesUnusableFiguresAndAcceptsNoBurst() throws {
        try RateLimitPolicy.seedDefault.validate()
        try RateLimitPolicy(limit: 1, periodSeconds: 1, burst: 0, burstPeriodSeconds: 0).validate()
        let unusable = [
            RateLimitPolicy(limit: 0, periodSeconds: 900, burst: 0, burstPeriodSeconds: 0),
            RateLimitPolicy(limit: 100, periodSeconds: 0, burst: 0, burstPeriodSeconds: 0),
            RateLimitPolicy(limit: 100, periodSeconds: 900, burst: -1, burstPeriodSeconds: 60),
            RateLimitPolicy(limit: 100, periodSeconds: 900, burst: 20, burstPeriodSeconds: 0),
            RateLimitPolicy(limit: 100, periodSeconds: RateLimitPolicy.maxPeriodSeconds + 1, burst: 0, burstPeriodSeconds: 0),
        ]
        for policy in unusable {
            #expect(throws: RateLimitPolicyError.self, "\(policy)") { try policy.validate() }
        }
    }

    @Test func roundTripsThroughJSONWithItsFieldNames() throws {
        let data = try JSONEncoder().encode(RateLimitPolicy.seedDefault)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Int]
        #expect(object == ["limit": 100, "periodSeconds": 900, "burst": 20, "burstPeriodSeconds": 60])
        #expect(try JSONDecoder().decode(RateLimitPolicy.self, from: data) == .seedDefault)
    }
}
