import LaunchpadHTTP
import Testing

struct QueryParametersTests {
    @Test func decodesPairsEscapesAndPlus() throws {
        let query = try QueryParameters(parsing: "limit=5&name=a%20b+c&flag&empty=")
        #expect(query["limit"] == "5")
        #expect(query["name"] == "a b c")
        #expect(query["flag"] == "")
        #expect(query["empty"] == "")
        #expect(query["missing"] == nil)
    }

    @Test(arguments: ["a=%zz", "a=%4", "a=%", "%zz=1", "a=%ff"])
    func brokenEscapesAreValidationErrors(_ text: String) {
        #expect(throws: HTTPError.self) { try QueryParameters(parsing: text[...]) }
    }

    @Test func brokenValueNamesTheParameter() {
        #expect(throws: HTTPError.validation(field: "query.since", "value has a broken percent-escape")) {
            try QueryParameters(parsing: "since=%G1")
        }
    }

    @Test func integersAreCheckedAgainstTheirRange() throws {
        let query = try QueryParameters(parsing: "limit=500&offset=x")
        #expect(try query.int("missing", default: 20, in: 1...100) == 20)
        #expect(throws: HTTPError.self) { try query.int("limit", default: 20, in: 1...100) }
        #expect(throws: HTTPError.self) { try query.int("offset", default: 0, in: 0...Int.max) }
        #expect(try QueryParameters(parsing: "limit=100").int("limit", default: 20, in: 1...100) == 100)
    }

    @Test func booleans() throws {
        #expect(try QueryParameters(parsing: "follow=true").bool("follow", default: false))
        #expect(try !QueryParameters(parsing: "follow=0").bool("follow", default: true))
        #expect(throws: HTTPError.self) { try QueryParameters(parsing: "follow=maybe").bool("follow", default: false) }
    }

    @Test func emptyPartsAreSkippedAndTheFirstEqualsSplits() throws {
        let query = try QueryParameters(parsing: "&a=1&&b=x=y&=v&")
        #expect(query.pairs.map(\.name) == ["a", "b", ""])
        #expect(query["b"] == "x=y")
        #expect(query[""] == "v")
        #expect(try QueryParameters(parsing: "").pairs.isEmpty)
        // Split on the bytes `&` and `=`, even where a combining mark follows them.
        let marked = try QueryParameters(parsing: "a=1&\u{301}b=\u{301}2")
        #expect(marked.pairs.map(\.name) == ["a", "\u{301}b"])
        #expect(marked["\u{301}b"] == "\u{301}2")
    }

    @Test func validationThrowsWhatParsingThrows() throws {
        try QueryParameters.validate("limit=20&offset=3&name=a+b")
        try QueryParameters.validate("name=a%20b")
        #expect(throws: HTTPError.validation(field: "query.since", "value has a broken percent-escape")) {
            try QueryParameters.validate("limit=1&since=%G1")
        }
        #expect(throws: HTTPError.self) { try QueryParameters.validate("a=%ff") }
    }
}
