import Foundation
import LaunchpadTestSupport

/// This test binary started again as a child, running only `RateLimitCrossProcessTests.childProcess`
/// with `LAUNCHPAD_RATELIMIT_CHILD=mode` and `LAUNCHPAD_RATELIMIT_CHILD_<name>=<value>` in its
/// environment; its stdout and stderr go to `outputPath`.
enum RateLimitChildProcess {
    static func spawn(mode: String, output outputPath: String, values: [String: String]) throws -> SpawnedProcess {
        // The running executable, whatever it was called: the test binary on Linux.
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let arguments = ["--testing-library", "swift-testing", "--filter", "RateLimitCrossProcessTests/childProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment[RateLimitCrossProcessTests.Child.modeVariable] = mode
        for (name, value) in values {
            environment["LAUNCHPAD_RATELIMIT_CHILD_" + name] = value
        }
        return try SpawnedProcess(executable, arguments, environment: environment, output: outputPath, includingStandardError: true)
    }
}
