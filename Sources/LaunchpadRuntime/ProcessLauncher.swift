import Foundation
#if canImport(Glibc)
import Glibc
import LaunchpadDomain
#endif

/// Starts replicas as child processes.
///
/// Each child is started with posix_spawn (never fork: the LMDB environment is open), in its own
/// process group, with the signal mask and dispositions reset, stdin from /dev/null, no inherited
/// descriptor besides 0, 1 and 2, and stdout and stderr to pipes that one thread reads for every
/// replica of this launcher, delivering lines to `output`. Every replica is started through
/// `launchpad exec-limited` (`ExecWrapper`), which binds its life to this process and applies its
/// memory limit and isolation (`ReplicaIsolation`), then execs the command in the same process.
///
/// Every spawn happens on the launcher's own long-lived `SpawnThread`, whichever thread calls
/// `start`: the kernel's parent-death signal follows the thread that spawned.
public final class ProcessLauncher: Sendable {
    /// The longest output line delivered, in bytes: longer ones are cut to it (at a UTF-8 character
    /// boundary) and the rest of the line is dropped. Bytes that are not UTF-8 become U+FFFD.
    public static let maximumLineBytes = 16 * 1024

    /// The launchpad binary, for the `exec-limited` wrapper.
    public let launchpadExecutable: String
    private let reader: OutputReader
    private let spawner = SpawnThread()

    /// - Parameters:
    ///   - launchpadExecutable: the path of the running launchpad binary, used to apply memory limits.
    ///   - output: receives every line replicas write, on the reading thread; it must not block.
    public init(launchpadExecutable: String, output: @escaping @Sendable (ReplicaLogLine) -> Void) {
        self.launchpadExecutable = launchpadExecutable
        self.reader = OutputReader(deliver: output)
    }

    deinit {
        spawner.stop()
        reader.finish()
    }

    /// Starts one replica.
    ///
    /// A command that cannot be started (no such file on the child's `PATH`, not executable, a
    /// missing working directory) throws a `ProcessLaunchError`, whose description is the reason to
    /// record; no process is left behind. The command is checked before spawning the wrapper, and if
    /// its exec still fails the child exits with status 127.
    public func start(_ spec: ReplicaSpec) throws(ProcessLaunchError) -> ReplicaProcess {
        guard let command = spec.arguments.first else { throw .noCommand }
        let workingDirectory = try Self.absoluteDirectory(spec.workingDirectory)
        let environment = spec.childEnvironment()
        for name in environment.keys where name.isEmpty || name.contains("=") {
            throw .invalidEnvironmentName(name)
        }
        // Checked here so that a missing command is an error to record, not an exit 127 later; the
        // wrapper's execvp finds the same file (same PATH, same working directory) and keeps argv[0].
        _ = try ExecutableLookup.resolve(
            command, searchPath: environment["PATH"] ?? ReplicaSpec.defaultSearchPath, workingDirectory: workingDirectory)

        if let limit = spec.memoryLimitBytes, limit <= 0 { throw .invalidMemoryLimit(limit) }
        guard access(launchpadExecutable, X_OK) == 0 else { throw .launcherNotFound(path: launchpadExecutable) }
        let isolation = spec.isolation
        let wrapper = ExecWrapper(
            memoryBytes: spec.memoryLimitBytes, parentPid: getpid(), cgroupDirectories: isolation.cgroup?.directories ?? [],
            processLimit: isolation.processLimit, hideProcesses: isolation.hideProcesses, user: isolation.user)
        let arguments = wrapper.arguments(launchpadExecutable: launchpadExecutable, command: spec.arguments)

        let standardOutput = try Self.makePipe()
        let standardError: (read: Int32, write: Int32)
        do {
            standardError = try Self.makePipe()
        } catch {
            close(standardOutput.read)
            close(standardOutput.write)
            throw error
        }
        let pid: pid_t
        let environmentList = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let launchpad = launchpadExecutable
        let spawned = spawner.run { () -> Result<pid_t, ProcessLaunchError> in
            Result { () throws(ProcessLaunchError) in
                try PosixSpawn.spawn(
                    path: launchpad, arguments: arguments, environment: environmentList, workingDirectory: workingDirectory,
                    standardOutput: standardOutput.write, standardError: standardError.write)
            }
        }
        do {
            pid = try spawned.get()
        } catch {
            for descriptor in [standardOutput.read, standardOutput.write, standardError.read, standardError.write] {
                close(descriptor)
            }
            throw error
        }
        let startedAt = Date()
        // Only the child holds the write ends now, so the reader sees end of file when it is gone.
        close(standardOutput.write)
        close(standardError.write)
        let process = ReplicaProcess(spec: spec, pid: pid, startedAt: startedAt)
        do {
            try reader.add([
                .init(descriptor: standardOutput.read, agentId: spec.agentId, replicaName: spec.replicaName, stream: .stdout),
                .init(descriptor: standardError.read, agentId: spec.agentId, replicaName: spec.replicaName, stream: .stderr),
            ])
        } catch {
            close(standardOutput.read)
            close(standardError.read)
            process.stop(grace: .zero)
            throw error
        }
        return process
    }

    /// A pipe whose ends are close-on-exec (so no other child inherits them) and whose read end does
    /// not block.
    private static func makePipe() throws(ProcessLaunchError) -> (read: Int32, write: Int32) {
        let descriptors = try GlibcExtensions.pipe(flags: O_CLOEXEC)
        _ = fcntl(descriptors.read, F_SETFL, fcntl(descriptors.read, F_GETFL) | O_NONBLOCK)
        return descriptors
    }

    /// `directory` made absolute against this process's working directory, if it is a directory.
    private static func absoluteDirectory(_ directory: String) throws(ProcessLaunchError) -> String {
        var status = stat()
        guard !directory.isEmpty, stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw .workingDirectoryNotFound(path: directory)
        }
        if directory.hasPrefix("/") { return directory }
        guard let current = getcwd(nil, 0) else { throw .systemCallFailed(operation: "getcwd", errno: errno) }
        defer { free(current) }
        return String(cString: current) + "/" + directory
    }
}
