@testable import LaunchpadLocalRuntime
import Testing

struct CommandTemplateTests {
    @Test func splitsAndReplaces() {
        #expect(CommandTemplate.expand("{launchpad} agent-runtime --character {character}", values: ["launchpad": "/bin/lp", "character": "/d/character.json"])
            == ["/bin/lp", "agent-runtime", "--character", "/d/character.json"])
        #expect(CommandTemplate.split(#"/bin/sh -c 'exit 3'"#) == ["/bin/sh", "-c", "exit 3"])
        #expect(CommandTemplate.split(#"elizaos start --character "{character}" ''"#) == ["elizaos", "start", "--character", "{character}", ""])
    }
}
