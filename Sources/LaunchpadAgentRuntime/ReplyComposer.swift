import LaunchpadAgentProtocol
import Foundation

/// Builds the agent's reply to a message from its character alone: there is no language model.
///
/// The reply is a pure function of the character and the message. A stable hash of the text (FNV-1a,
/// not `Hasher`, which is seeded per process) picks a bio line and an adjective; the first of the
/// character's topics that the text mentions is named; and the text is quoted back, shortened.
public struct ReplyComposer: Sendable {
    /// The longest quote of the message, in characters, before it is cut with "...".
    public static let maxQuoteLength = 80

    /// The character whose voice the replies use.
    public let character: Character

    /// Creates a composer for `character`.
    public init(character: Character) {
        self.character = character
    }

    /// The reply to `text`, greeting `user` when one is given: the greeting, the quote, the topic,
    /// a bio line (or the agent's name when it has no bio), then an adjective.
    public func reply(to text: String, from user: String? = nil) -> String {
        let hash = Self.stableHash(text)
        var sentences: [String] = []
        if let user, !user.isEmpty {
            sentences.append("Hello \(user).")
        }
        sentences.append("You said: \"\(Self.quote(text))\".")
        if let topic = mentionedTopic(in: text) {
            sentences.append("You mentioned \(topic), one of my topics.")
        }
        if !character.bio.isEmpty {
            sentences.append(Self.sentence(character.bio[Int(hash % UInt64(character.bio.count))]))
        } else {
            sentences.append("I'm \(character.name).")
        }
        if !character.adjectives.isEmpty {
            let adjective = character.adjectives[Int((hash >> 32) % UInt64(character.adjectives.count))]
            sentences.append("I try to be \(adjective).")
        }
        return sentences.joined(separator: " ")
    }

    /// The first of the character's topics that `text` contains, ignoring case.
    func mentionedTopic(in text: String) -> String? {
        let lowered = text.lowercased()
        return character.topics.first { !$0.isEmpty && lowered.contains($0.lowercased()) }
    }

    /// FNV-1a, 64 bits, over the UTF-8 bytes: the same in every process and on every machine.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `text` on one line, runs of white space made one space, cut to `maxQuoteLength` characters.
    static func quote(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        let line = words.joined(separator: " ")
        guard line.count > maxQuoteLength else { return line }
        return line.prefix(maxQuoteLength - 3) + "..."
    }

    /// `line` trimmed, ending with a full stop unless it already ends with punctuation.
    static func sentence(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        return ".!?".contains(last) ? trimmed : trimmed + "."
    }
}

extension ReplyComposer {
    /// The reply to a whole conversation: the reply to its last user message (greeting
    /// `variables["user"]` when given) and, when the user has spoken before, what they said first
    /// and how many messages the conversation holds, so that the answer shows it saw all of them.
    public func reply(to conversation: [ConversationMessage], variables: [String: String] = [:]) -> String {
        let said = conversation.filter { $0.role == .user }
        let last = said.last?.content ?? ""
        var text = reply(to: last, from: variables["user"])
        if said.count > 1 {
            text += " Earlier you said: \"\(Self.quote(said[0].content))\" (\(conversation.count) messages so far)."
        }
        return text
    }
}
