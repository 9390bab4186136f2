@testable import LaunchpadRuntime
import Testing

struct LineSplitterTests {
    private func split(_ chunks: [String], maximumBytes: Int = 8) -> [String] {
        var splitter = LineSplitter(maximumBytes: maximumBytes)
        var lines: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { splitter.append($0) { lines.append($0) } }
        }
        if let last = splitter.finish() { lines.append(last) }
        return lines
    }

    @Test func linesSplitAcrossChunksAreJoined() {
        #expect(split(["ab", "c\nde", "f\n\ng"]) == ["abc", "def", "", "g"])
    }

    @Test func lineOfExactlyTheMaximumIsWhole() {
        #expect(split(["12345678\nnext\n"]) == ["12345678", "next"])
    }

    @Test func longerLineIsCutAndItsRestDropped() {
        #expect(split(["123456789abc", "def\nnext\n"]) == ["12345678", "next"])
    }

    @Test func cutDoesNotSplitAUTF8Character() {
        // "é" is two bytes; the eighth byte would be its first half.
        #expect(split(["abcdefgé\n"]) == ["abcdefg"])
        #expect(split(["abcdeé\n"]) == ["abcdeé"])
    }
}
