import Foundation
import Testing
import LaunchpadTestSupport

/// The golden cases of `fixtures/contract`, run in-process and through nginx.
@Suite(.serialized) struct ContractTests {
    @Test func casesExist() throws {
        let cases = try ContractCase.loadAll()
        #expect(cases.count >= 50, "expected the foundation's and identity's cases under fixtures/contract")
    }

    @Test func inProcess() throws {
        let runner = ContractRunner(driver: try InProcessDriver())
        let record = ProcessInfo.processInfo.environment["LAUNCHPAD_RECORD"] == "1"
        for contractCase in try ContractCase.loadAll() {
            if record { try runner.record(contractCase) }
            let mismatches = try runner.run(contractCase)
            #expect(mismatches.isEmpty, "\(contractCase.name) (in-process):\n\(mismatches.joined(separator: "\n"))")
        }
    }

    @Test func throughNginx() throws {
        let server = try LaunchpadProcess(extraArguments: LaunchpadProcess.generousLimits + [
            "--advisories", RepositoryPaths.advisoryFixtures, "--cors-origin", InProcessDriver.corsOrigin,
        ])
        defer { server.stop() }
        let runner = ContractRunner(driver: server.driver)
        for contractCase in try ContractCase.loadAll() {
            let mismatches = try runner.run(contractCase)
            #expect(mismatches.isEmpty, "\(contractCase.name) (nginx):\n\(mismatches.joined(separator: "\n"))")
        }
    }
}
