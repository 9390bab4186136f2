import Testing

@testable import LaunchpadAgentRuntime

@Suite struct ReplyComposerTests {
    let composer = ReplyComposer(character: SampleCharacter.character)

    @Test func sameInputGivesTheSameReply() {
        let text = "What do you think of the market today?"
        #expect(composer.reply(to: text) == composer.reply(to: text))
        #expect(ReplyComposer(character: SampleCharacter.character).reply(to: text, from: "alice")
            == composer.reply(to: text, from: "alice"))
    }

    @Test func differentInputsGiveDifferentReplies() {
        let replies = Set(["hello", "hi there", "good morning", "what is up?"].map { composer.reply(to: $0) })
        #expect(replies.count == 4)
    }

    @Test func theHashIsStableAcrossProcesses() {
        // FNV-1a 64 reference values: the empty string is the offset basis.
        #expect(ReplyComposer.stableHash("") == 0xcbf2_9ce4_8422_2325)
        #expect(ReplyComposer.stableHash("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func usesABioLineAndAnAdjectiveOfTheCharacter() {
        let reply = composer.reply(to: "hello")
        let bio = SampleCharacter.character.bio
        #expect(bio.contains { reply.contains($0) }, "\(reply)")
        #expect(SampleCharacter.character.adjectives.contains { reply.contains("I try to be \($0).") }, "\(reply)")
    }

    @Test func namesAMentionedTopic() {
        let reply = composer.reply(to: "Is Trading risky right now?")
        #expect(reply.contains("You mentioned trading, one of my topics."), "\(reply)")
        #expect(!composer.reply(to: "hello").contains("You mentioned"))
    }

    @Test func quotesTheTextOnOneLineAndShortensIt() {
        #expect(composer.reply(to: "hello\n  world").hasPrefix("You said: \"hello world\"."))
        let quote = ReplyComposer.quote(String(repeating: "x", count: 200))
        #expect(quote == String(repeating: "x", count: ReplyComposer.maxQuoteLength - 3) + "...")
    }

    @Test func greetsTheUser() {
        #expect(composer.reply(to: "hello", from: "alice").hasPrefix("Hello alice. You said: \"hello\"."))
    }

    @Test func aCharacterWithOnlyANameStillReplies() {
        let reply = ReplyComposer(character: Character(name: "Eliza")).reply(to: "hello")
        #expect(reply == "You said: \"hello\". I'm Eliza.")
    }
}
