import Foundation

/// Paths in the repository and the build directory, found from this file's location and the test binary's.
public enum RepositoryPaths {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var contractFixtures: String { root + "/fixtures/contract" }
    public static var nginxTemplates: String { root + "/nginx" }
    /// Real npm advisories in OSV form, range-form cases and records the importer must skip.
    public static var advisoryFixtures: String { root + "/fixtures/advisories" }

    /// The `launchpad` executable built beside the test bundle.
    public static let launchpadBinary: String = {
        var candidates: [String] = []
        if let bundleDir = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundleDir.appendingPathComponent("launchpad").path)
            candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("launchpad").path)
        }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(argv0.appendingPathComponent("launchpad").path)
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("launchpad").path)
        candidates.append(root + "/.build/debug/launchpad")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()
}
