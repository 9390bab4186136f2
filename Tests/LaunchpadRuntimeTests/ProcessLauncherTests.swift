#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadRuntime
import LaunchpadTestSupport
import Testing

struct ProcessLauncherTests {
    @Test func startsAGroupLeaderWhoseLinesArriveOnTheirStreams() throws {
        let fixture = LauncherFixture()
        let spec = fixture.shell("echo hello; echo oops >&2; sleep 30")
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }

        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0 == ["hello"] })
        #expect(fixture.output.waitFor(spec.replicaName, .stderr) { $0 == ["oops"] })
        #expect(process.isRunning)
        #expect(kill(process.pid, 0) == 0)
        #expect(getpgid(process.pid) == process.pid)
    }

    @Test func childGetsTheWorkingDirectoryAndOnlyTheGivenEnvironment() throws {
        let fixture = LauncherFixture()
        let directory = try TemporaryDirectory()
        // A spoofed LAUNCHPAD_AGENT_ID must lose to the spec's; "sleep" is found on PATH.
        let spec = fixture.spec(
            ["sleep", "30"], workingDirectory: directory.path,
            environment: ["GREETING": "hi there", "LAUNCHPAD_AGENT_ID": "spoofed"])
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.pid)/cwd") == URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path)
        // The environment can be read once the child has exec'd sleep.
        #expect(eventually { ProcFS.commandLine(process.pid) == "sleep 30" })
        let environment = try #require(ProcFS.environment(process.pid)).reduce(into: [String: String]()) { result, entry in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var expected = [
            "GREETING": "hi there",
            "LAUNCHPAD_AGENT_ID": spec.agentId,
            "LAUNCHPAD_REPLICA": spec.replicaName,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ReplicaSpec.defaultSearchPath,
        ]
        for name in ["HOME", "LANG"] {
            expected[name] = ProcessInfo.processInfo.environment[name]
        }
        #expect(environment == expected)
    }

    @Test func childStartsWithNoBlockedOrIgnoredSignalsAndOnlyDescriptorsZeroToTwo() throws {
        let fixture = LauncherFixture()
        // What launchpad itself does: block SIGTERM/SIGINT for sigwait, ignore SIGPIPE, hold open
        // descriptors that are not close-on-exec.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        sigaddset(&blocked, SIGINT)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previousMask)
        let previousPipeHandler = signal(SIGPIPE, SIG_IGN)
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let process: ReplicaProcess
        do {
            defer {
                pthread_sigmask(SIG_SETMASK, &previousMask, nil)
                signal(SIGPIPE, previousPipeHandler)
            }
            process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"]))
        }
        defer { process.stop(grace: .zero) }

        #expect(eventually { ProcFS.commandLine(process.pid) == "/bin/sleep 30" })
        // sleep may briefly hold a file of its own (locale) while it starts; a leaked one would stay.
        #expect(eventually(timeout: .seconds(2)) {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/fd").sorted()) == ["0", "1", "2"]
        })
        #expect(signalMask("SigBlk", of: process.pid) == 0)
        // Signals 1 to 31. glibc's posix_spawn leaves its two internal signals (32, 33) ignored.
        #expect(signalMask("SigIgn", of: process.pid).map { $0 & 0x7fff_ffff } == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.pid)/fd/0") == "/dev/null")
    }

    /// A replica's parent-death signal follows the thread that spawned it: started from a thread
    /// that ends at once, it must live on while the launcher does, and end when the launcher goes.
    @Test func aReplicaOutlivesTheThreadThatStartedItButNotItsLauncher() throws {
        let spec = LauncherFixture().shell("sleep 30")
        var launcher: ProcessLauncher? = ProcessLauncher(launchpadExecutable: LaunchpadBinary.path, output: { _ in })
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var process: ReplicaProcess?
        let thread = Thread { [weak launcher] in
            process = try? launcher?.start(spec)
            started.signal()
        }
        thread.start()
        started.wait()
        let pid = try #require(process).pid
        #expect(eventually { ProcFS.commandLine(pid) == "/bin/sh -c sleep 30" })
        usleep(300_000)
        #expect(process?.exitStatus() == nil, "the replica lives on after the thread that started it ended")
        launcher = nil
        #expect(eventually { process?.exitStatus() != nil }, "the launcher's end is the replica's")
    }

    @Test func missingCommandThrowsFromStart() {
        let fixture = LauncherFixture()
        let name = "launchpad-no-such-command-\(UInt32.random(in: 0...UInt32.max))"
        #expect(throws: ProcessLaunchError.executableNotFound(name: name)) {
            try fixture.launcher.start(fixture.spec([name]))
        }
        #expect(throws: ProcessLaunchError.executableNotFound(name: "/nonexistent/agent")) {
            try fixture.launcher.start(fixture.spec(["/nonexistent/agent"]))
        }
        // The same check happens before the memory-limit wrapper is involved.
        #expect(throws: ProcessLaunchError.executableNotFound(name: name)) {
            try fixture.launcher.start(fixture.spec([name], memoryLimitBytes: 64 << 20))
        }
        #expect(ProcessLaunchError.executableNotFound(name: name).description == "cannot start \(name): no such file")
    }

    @Test func fileWithoutExecutePermissionThrowsFromStart() throws {
        let fixture = LauncherFixture()
        let directory = try TemporaryDirectory()
        let script = directory.path + "/agent.sh"
        try "#!/bin/sh\necho hi\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o644)
        #expect(throws: ProcessLaunchError.notExecutable(path: script)) {
            try fixture.launcher.start(fixture.spec([script]))
        }
        // A relative path starts in the working directory.
        #expect(throws: ProcessLaunchError.notExecutable(path: script)) {
            try fixture.launcher.start(fixture.spec(["./agent.sh"], workingDirectory: directory.path))
        }
    }

    @Test func missingWorkingDirectoryThrowsFromStart() {
        let fixture = LauncherFixture()
        #expect(throws: ProcessLaunchError.workingDirectoryNotFound(path: "/nonexistent/dir")) {
            try fixture.launcher.start(fixture.spec(["/bin/true"], workingDirectory: "/nonexistent/dir"))
        }
    }

    @Test func malformedSpecsThrowFromStart() {
        let fixture = LauncherFixture()
        #expect(throws: ProcessLaunchError.noCommand) {
            try fixture.launcher.start(fixture.spec([]))
        }
        #expect(throws: ProcessLaunchError.invalidMemoryLimit(0)) {
            try fixture.launcher.start(fixture.spec(["/bin/true"], memoryLimitBytes: 0))
        }
        #expect(throws: ProcessLaunchError.invalidEnvironmentName("A=B")) {
            try fixture.launcher.start(fixture.spec(["/bin/true"], environment: ["A=B": "c"]))
        }
    }

    @Test func wrapperExits127WhenItsExecFails() throws {
        try #require(LaunchpadBinary.exists, Comment(rawValue: LaunchpadBinary.missingMessage))
        let fixture = LauncherFixture()
        let spec = fixture.spec([LaunchpadBinary.path, ExecWrapper.subcommand, "--memory-bytes", "100000000", "--", "/nonexistent/agent"])
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }

        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .exited(code: 127))
        #expect(fixture.output.waitFor(spec.replicaName, .stderr) {
            $0 == ["launchpad exec-limited: cannot execute /nonexistent/agent: No such file or directory"]
        })
    }

    /// A signal mask line of /proc/<pid>/status (bit n-1 is signal n).
    private func signalMask(_ field: String, of pid: Int32) -> UInt64? {
        guard let bytes = ProcFS.read("/proc/\(pid)/status") else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line.flatMap { UInt64($0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
    }
}
