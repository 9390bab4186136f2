/// How a platform's secret reaches the agent: an environment variable, never the character file.
///
/// Launchpad's runtime sets `<PLATFORM>_TOKEN` (for "discord", `DISCORD_TOKEN`) in the replica's
/// environment; the reference agent connects to each platform of its character whose variable is set.
public enum PlatformSecret {
    /// The environment variable holding `platform`'s token: its name in capitals, each character
    /// other than a letter or digit replaced by `_`, then `_TOKEN`.
    public static func environmentName(for platform: String) -> String {
        var name = ""
        for scalar in platform.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(contentsOf: scalar.properties.uppercaseMapping.unicodeScalars)
            } else {
                name += "_"
            }
        }
        return name + "_TOKEN"
    }

    /// The platform's name as a log line shows it: "discord" becomes "Discord".
    public static func displayName(for platform: String) -> String {
        guard let first = platform.first else { return platform }
        return first.uppercased() + platform.dropFirst()
    }
}
