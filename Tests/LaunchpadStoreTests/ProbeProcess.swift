import Foundation
import LaunchpadTestSupport

/// StoreProbe (Sources/StoreProbe) as a child process, with its stdout going to a file, so that the
/// test can SIGKILL it and read what it had printed.
enum ProbeProcess {
    /// Spawns `StoreProbe arguments...` with stdout going to `outputPath`.
    static func spawn(_ arguments: [String], output outputPath: String) throws -> SpawnedProcess {
        try SpawnedProcess(try executable(), arguments, output: outputPath)
    }

    /// The StoreProbe binary: `$STORE_PROBE`, or next to the test bundle in the build directory.
    static func executable() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["STORE_PROBE"] {
            candidates.append(explicit)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        // On macOS the tests run inside debug/LaunchpadPackageTests.xctest/Contents/MacOS/.
        candidates.append(
            testBinary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("StoreProbe").path)
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw ProbeFailure(
            "StoreProbe not found (looked at \(candidates.joined(separator: ", "))). "
                + "Build it into the same build directory first, e.g. "
                + "`swift build --scratch-path .build-store --product StoreProbe`, or set STORE_PROBE to its path.")
    }

    /// The records StoreProbe's `write` command stores; the same rule as
    /// Sources/StoreProbe/ProbeRecord.swift.
    static func value(for id: String) -> [UInt8] {
        Array(String(repeating: "\(id);", count: 4).utf8)
    }
}
