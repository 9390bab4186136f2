import LaunchpadRuntime
import Testing
import LaunchpadDomain

struct OutputReaderTests {
    @Test func manyReplicasDeliverEveryLineInOrder() throws {
        let fixture = LauncherFixture()
        let replicas = 20
        let lines = 200
        var processes: [ReplicaProcess] = []
        defer { processes.forEach { $0.stop(grace: .zero) } }
        for index in 0..<replicas {
            let script = "i=0; while [ $i -lt \(lines) ]; do echo \"\(index) line $i\"; echo \"err $i\" >&2; i=$((i+1)); done"
            processes.append(try fixture.launcher.start(fixture.shell(script, replica: "r\(index)")))
        }

        for (index, process) in processes.enumerated() {
            let expected = (0..<lines).map { "\(index) line \($0)" }
            #expect(fixture.output.waitFor(process.spec.replicaName, .stdout) { $0.count >= lines })
            #expect(fixture.output.lines(of: process.spec.replicaName, .stdout) == expected)
            #expect(fixture.output.waitFor(process.spec.replicaName, .stderr) { $0 == (0..<lines).map { "err \($0)" } })
        }
    }

    @Test func lineLongerThan16KiBIsCutAndTheNextLineIsWhole() throws {
        let fixture = LauncherFixture()
        let spec = fixture.shell(#"head -c 20000 /dev/zero | tr "\0" x; echo; echo after"#)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }

        let expected = [String(repeating: "x", count: ProcessLauncher.maximumLineBytes), "after"]
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count >= 2 })
        #expect(fixture.output.lines(of: spec.replicaName, .stdout) == expected)
    }

    @Test func unterminatedLastLineArrivesAtExit() throws {
        let fixture = LauncherFixture()
        let spec = fixture.shell("printf 'no newline'")
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }

        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0 == ["no newline"] })
    }
}
