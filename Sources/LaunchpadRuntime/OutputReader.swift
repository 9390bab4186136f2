import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import LaunchpadDomain

/// Reads the stdout and stderr pipes of every replica a launcher starts, on one thread, with poll().
///
/// The thread starts with the first replica. `deliver` runs on it, so a slow `deliver` delays every
/// replica's output (and, once a pipe's 64 KiB buffer is full, blocks the replica writing to it).
/// A pipe is closed when it reaches end of file: when the replica and every child that shares its
/// output have exited.
final class OutputReader: Sendable {

    /// One pipe's read end and whose output it carries.
    struct Source: Sendable {
        var descriptor: Int32
        var agentId: String
        var replicaName: String
        var stream: ReplicaLogLine.Stream
    }

    private struct State {
        var pending: [Source] = []
        /// The self-pipe that wakes the thread, made when the thread starts.
        var wakeDescriptors: (read: Int32, write: Int32)?
        var finishing = false
    }

    private let state = Mutex(State())
    private let deliver: @Sendable (ReplicaLogLine) -> Void

    init(deliver: @escaping @Sendable (ReplicaLogLine) -> Void) {
        self.deliver = deliver
    }

    /// Hands pipes (non-blocking read ends, owned from now on) to the reading thread.
    func add(_ sources: [Source]) throws(ProcessLaunchError) {
        try state.withLock { (state: inout State) throws(ProcessLaunchError) in
            if state.wakeDescriptors == nil {
                let descriptors = try GlibcExtensions.pipe(flags: O_CLOEXEC | O_NONBLOCK)
                state.wakeDescriptors = descriptors
                let wakeRead = descriptors.read
                let thread = Thread { [self] in self.run(wakeDescriptor: wakeRead) }
                thread.name = "launchpad-output"
                thread.stackSize = 512 * 1024
                thread.start()
            }
            state.pending.append(contentsOf: sources)
            Self.wake(state)
        }
    }

    /// Lets the thread end once every pipe it reads has reached end of file.
    func finish() {
        state.withLock { state in
            state.finishing = true
            Self.wake(state)
        }
    }

    private static func wake(_ state: State) {
        guard let descriptors = state.wakeDescriptors else { return }
        var byte: UInt8 = 1
        // A full pipe (EAGAIN) already holds a wake-up.
        _ = write(descriptors.write, &byte, 1)
    }

    private func run(wakeDescriptor: Int32) {
        var sources: [Int32: (source: Source, splitter: LineSplitter)] = [:]
        var finishing = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var descriptors: [pollfd] = []
        while true {
            if finishing && sources.isEmpty && closeIfIdle() { return }
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
            for descriptor in sources.keys {
                descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            }
            guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 else {
                if errno == EINTR { continue }
                if errno == ENOMEM {
                    usleep(10_000)
                    continue
                }
                // EFAULT, or EINVAL (more descriptors than RLIMIT_NOFILE): a bug, not a condition.
                fatalError("poll failed: \(String(cString: strerror(errno)))")
            }
            if descriptors[0].revents != 0 {
                while read(wakeDescriptor, &buffer, buffer.count) > 0 {}
                let (added, finishingNow) = state.withLock { state in
                    defer { state.pending.removeAll() }
                    return (state.pending, state.finishing)
                }
                for source in added {
                    sources[source.descriptor] = (source, LineSplitter())
                }
                finishing = finishingNow
            }
            for ready in descriptors.dropFirst() where ready.revents != 0 {
                guard var entry = sources[ready.fd] else { continue }
                let count = buffer.withUnsafeMutableBytes { read(ready.fd, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                let now = Date()
                let source = entry.source
                if count > 0 {
                    buffer.withUnsafeBytes { bytes in
                        entry.splitter.append(UnsafeRawBufferPointer(rebasing: bytes[..<count])) { line in
                            deliver(ReplicaLogLine(agentId: source.agentId, replicaName: source.replicaName, stream: source.stream, line: line, time: now))
                        }
                    }
                    sources[ready.fd] = entry
                } else {
                    // End of file, or a read error that will not go away: deliver what is left and let go.
                    if let last = entry.splitter.finish() {
                        deliver(ReplicaLogLine(agentId: source.agentId, replicaName: source.replicaName, stream: source.stream, line: last, time: now))
                    }
                    close(ready.fd)
                    sources[ready.fd] = nil
                }
            }
        }
    }

    /// Closes the self-pipe, unless pipes were added meanwhile; true if the thread may end.
    private func closeIfIdle() -> Bool {
        state.withLock { state in
            guard state.pending.isEmpty, let descriptors = state.wakeDescriptors else { return false }
            close(descriptors.read)
            close(descriptors.write)
            state.wakeDescriptors = nil
            return true
        }
    }
}
