import Foundation
import LaunchpadRuntime

/// A launcher whose output is collected, and specs with a unique agent id per fixture.
struct LauncherFixture {
    let output = OutputCollector()
    let launcher: ProcessLauncher
    let agentId = "agent-test-" + UUID().uuidString.prefix(8).lowercased()

    init() {
        let output = self.output
        launcher = ProcessLauncher(launchpadExecutable: LaunchpadBinary.path, output: { output.record($0) })
    }

    func spec(
        _ arguments: [String],
        replica: String = "replica-0",
        workingDirectory: String = "/",
        environment: [String: String] = [:],
        memoryLimitBytes: Int? = nil
    ) -> ReplicaSpec {
        ReplicaSpec(
            agentId: agentId, replicaName: "\(agentId)-\(replica)", arguments: arguments,
            workingDirectory: workingDirectory, environment: environment, memoryLimitBytes: memoryLimitBytes)
    }

    /// A `/bin/sh -c script` replica.
    func shell(_ script: String, replica: String = "replica-0", memoryLimitBytes: Int? = nil) -> ReplicaSpec {
        spec(["/bin/sh", "-c", script], replica: replica, memoryLimitBytes: memoryLimitBytes)
    }
}
