#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// `launchpad up` starts nginx and the responder together and stops both cleanly.
@Suite(.serialized) struct LifecycleTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func stopSignalLeavesNothingBehind(_ signal: Int32) throws {
        let server = try LaunchpadProcess()
        let nginxPid = try #require(Int32(String(contentsOfFile: server.nginxPidPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(nginxPid, 0) == 0, "nginx runs while launchpad is up")
        #expect(FileManager.default.fileExists(atPath: server.socketPath))

        let status = server.stop(signal: signal)
        #expect(status == 0, "launchpad up exits 0 on signal \(signal): \(server.log())")
        #expect(kill(nginxPid, 0) != 0, "nginx is gone")
        #expect(!FileManager.default.fileExists(atPath: server.socketPath), "socket removed")
        #expect(!FileManager.default.fileExists(atPath: server.nginxPidPath), "pid file removed")
        #expect(throws: (any Error).self) { try server.client.send(method: "GET", path: "/api/health") }
    }

    @Test func restartOnTheSameDataDirectoryServesTheSameDatabase() throws {
        let directory = try TemporaryDirectory()
        let first = try LaunchpadProcess(dataDirectory: directory.path)
        #expect(first.stop() == 0)
        let second = try LaunchpadProcess(dataDirectory: directory.path)
        defer { second.stop() }
        #expect(try second.client.send(method: "GET", path: "/api/health").status == 200)
    }

    @Test func backupWhileServingOpensAndServes() throws {
        let server = try LaunchpadProcess()
        defer { server.stop() }
        let target = try TemporaryDirectory()
        let backup = Process()
        backup.executableURL = URL(fileURLWithPath: RepositoryPaths.launchpadBinary)
        backup.arguments = ["backup", "--data", server.dataDirectory, target.path + "/copy"]
        try backup.run()
        backup.waitUntilExit()
        #expect(backup.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: target.path + "/copy/db/data.mdb"))

        let restored = try LaunchpadProcess(dataDirectory: target.path + "/copy")
        defer { restored.stop() }
        let response = try restored.client.send(method: "GET", path: "/api/health")
        #expect(response.status == 200)
    }
}
