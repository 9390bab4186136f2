import LaunchpadHTTP
import LaunchpadJSONDepth
import Testing

struct JSONDepthTests {
    private func nested(_ depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    @Test func countsArraysAndObjectsToTheLimit() {
        #expect(JSONDepth.excess(in: Array(nested(64).utf8), limit: 64) == nil)
        #expect(JSONDepth.excess(in: Array(nested(65).utf8), limit: 64) == JSONDepth.Excess(member: "a"))
        #expect(JSONDepth.exceeds(Array((String(repeating: "[", count: 3) + String(repeating: "]", count: 3)).utf8), limit: 2))
        #expect(!JSONDepth.exceeds(Array("[[],[],[[]]]".utf8), limit: 3))
    }

    @Test func namesTheTopLevelMemberThatNestsTooDeep() {
        let body = #"{"agentName":"x","description":"[[[{","packageLock":"# + nested(10) + "}"
        #expect(JSONDepth.excess(in: Array(body.utf8), limit: 5) == JSONDepth.Excess(member: "packageLock"))
        let array = "[" + nested(10) + "]"
        #expect(JSONDepth.excess(in: Array(array.utf8), limit: 5) == JSONDepth.Excess(member: nil))
    }

    @Test func ignoresBracketsInsideStringsAndEscapedQuotes() {
        let text = #"{"k\"[[[":"[[[[\"{{{{","v":[1]}"#
        #expect(!JSONDepth.exceeds(Array(text.utf8), limit: 2))
        #expect(JSONDepth.excess(in: Array(text.utf8), limit: 1) == JSONDepth.Excess(member: "v"))
    }

    @Test func aBodyTooDeepIsRefusedBeforeAnyDecoderNamingItsMember() {
        let body = #"{"agentName":"crash-me","packageLock":"# + nested(400) + "}"
        do {
            try JSON.validateSyntax(Array(body.utf8))
            Issue.record("a body 401 levels deep was accepted")
        } catch {
            #expect(error.kind == .badRequest)
            #expect(error.field == "packageLock")
            #expect(error.message.contains("deeper than \(JSON.maximumDepth) levels"))
        }
        #expect(throws: Never.self) { try JSON.validateSyntax(Array(nested(JSON.maximumDepth).utf8)) }
    }
}
