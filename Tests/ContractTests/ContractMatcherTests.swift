import Testing
import LaunchpadTestSupport

/// The runner must fail a case when the response drifts: these pin that it does.
struct ContractMatcherTests {
    private func mismatches(expected: String, actual: String) throws -> [String] {
        var matcher = ContractMatcher()
        matcher.match(expected: try JSONValue.parse(Array(expected.utf8)), actual: try JSONValue.parse(Array(actual.utf8)), at: "body")
        return matcher.mismatches
    }

    @Test func identicalBodiesMatch() throws {
        #expect(try mismatches(expected: #"{"a":1,"b":["x",true,null]}"#, actual: #"{"b":["x",true,null],"a":1}"#).isEmpty)
    }

    @Test func changedValueFails() throws {
        let found = try mismatches(expected: #"{"status":"HEALTHY"}"#, actual: #"{"status":"DEGRADED"}"#)
        #expect(found == [#"body.status: expected "HEALTHY", got "DEGRADED""#])
    }

    @Test func missingFieldFails() throws {
        let found = try mismatches(expected: #"{"a":1,"b":2}"#, actual: #"{"a":1}"#)
        #expect(found == ["body.b: missing (expected 2)"])
    }

    @Test func extraFieldFails() throws {
        let found = try mismatches(expected: #"{"a":1}"#, actual: #"{"a":1,"leak":"secret"}"#)
        #expect(found == [#"body.leak: unexpected field (value "secret")"#])
    }

    @Test func arrayLengthFails() throws {
        #expect(try !mismatches(expected: #"[1,2]"#, actual: #"[1,2,3]"#).isEmpty)
    }

    @Test func placeholderChecksItsKind() throws {
        #expect(try mismatches(expected: #"{"t":"<iso8601>","n":"<int>"}"#, actual: #"{"t":"2024-01-15T10:30:00Z","n":5}"#).isEmpty)
        #expect(try mismatches(expected: #"{"t":"<iso8601>"}"#, actual: #"{"t":"2024-01-15 10:30"}"#).count == 1)
        #expect(try mismatches(expected: #"{"n":"<int>"}"#, actual: #"{"n":"5"}"#).count == 1)
        #expect(try mismatches(expected: #"{"n":"<int>"}"#, actual: #"{"n":5.5}"#).count == 1)
    }

    @Test func placeholderBoundToTwoValuesFails() throws {
        let found = try mismatches(expected: #"{"a":"<requestId:r>","b":"<requestId:r>"}"#, actual: #"{"a":"req-0000000000000001","b":"req-0000000000000002"}"#)
        #expect(found.count == 1)
        #expect(found.first?.contains("was bound to") == true)
        #expect(try mismatches(expected: #"{"a":"<requestId:r>","b":"<requestId:r>"}"#, actual: #"{"a":"req-0000000000000001","b":"req-0000000000000001"}"#).isEmpty)
    }

    @Test func bindingsHoldAcrossHeadersAndBody() throws {
        var matcher = ContractMatcher()
        matcher.matchHeader("X-Request-Id", expected: "<requestId:r>", actual: "req-00000000000000aa")
        matcher.match(expected: try JSONValue.parse(Array(#"{"id":"<requestId:r>"}"#.utf8)), actual: try JSONValue.parse(Array(#"{"id":"req-00000000000000bb"}"#.utf8)), at: "body")
        #expect(matcher.mismatches.count == 1)
    }

    @Test func missingHeaderFails() {
        var matcher = ContractMatcher()
        matcher.matchHeader("Allow", expected: "GET", actual: nil)
        #expect(matcher.mismatches == ["header Allow: missing (expected GET)"])
    }

    @Test func recordingKeepsPlaceholdersThatStillMatch() throws {
        let expected = try JSONValue.parse(Array(#"{"t":"<iso8601>","status":"HEALTHY"}"#.utf8))
        let actual = try JSONValue.parse(Array(#"{"t":"2024-01-15T10:30:00Z","status":"DEGRADED","new":1}"#.utf8))
        let merged = ContractRunner.merge(expected: expected, actual: actual)
        #expect(merged == (try JSONValue.parse(Array(#"{"t":"<iso8601>","status":"DEGRADED","new":1}"#.utf8))))
    }
}
