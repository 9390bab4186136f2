import LaunchpadAgentRuntime
import Testing

@Suite struct PlatformSecretTests {
    @Test func theVariableIsTheNameInCapitalsWithToken() {
        #expect(PlatformSecret.environmentName(for: "discord") == "DISCORD_TOKEN")
        #expect(PlatformSecret.environmentName(for: "x-twitter 2") == "X_TWITTER_2_TOKEN")
    }

    @Test func theDisplayNameIsCapitalized() {
        #expect(PlatformSecret.displayName(for: "discord") == "Discord")
        #expect(PlatformSecret.displayName(for: "") == "")
    }
}
