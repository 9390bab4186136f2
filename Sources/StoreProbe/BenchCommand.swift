import Foundation
import LaunchpadStore

/// `bench DIR`: measures durable write throughput through the writer from many threads.
/// `--batch 1` gives one commit (and one fsync) per write, the baseline group commit beats.
enum BenchCommand {
    static func run(_ arguments: ProbeArguments) throws {
        let writers = try arguments.integer("writers", default: 16)
        let seconds = try arguments.number("seconds", default: 5)
        let batch = try arguments.integer("batch", default: 1024)

        let environment = try Environment(path: arguments.directory, options: .init(mapSize: 256 << 20))
        let table = try environment.openTable("bench")
        let writer = Writer(environment: environment, maxBatch: batch)
        let value = [UInt8](repeating: 0x2A, count: 100)
        let counts = Counts(writers)
        let group = DispatchGroup()

        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        for thread in 0..<writers {
            group.enter()
            Thread.detachNewThread {
                var written = 0
                while Date() < deadline {
                    var key = KeyBuilder()
                    key.append(UInt64(thread))
                    key.append(UInt64(written))
                    let bytes = key.bytes
                    do {
                        try writer.write { transaction in
                            try transaction.put(table, bytes, value)
                        }
                    } catch {
                        FileHandle.standardError.write(Data("bench write: \(error)\n".utf8))
                        exit(1)
                    }
                    written += 1
                }
                counts.set(thread, written)
                group.leave()
            }
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(start)
        writer.stop()

        let writes = counts.total
        let mode = batch == 1 ? "single" : "group"
        let rate = Double(writes) / elapsed
        Output.line(
            #"{"mode":"\#(mode)","writers":\#(writers),"writes":\#(writes),"#
                + #""seconds":\#(String(format: "%.3f", elapsed)),"#
                + #""writesPerSecond":\#(String(format: "%.1f", rate)),"batches":\#(writer.stats.batches)}"#)
    }

    /// Per-thread write counts, collected when each thread finishes.
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int]

        init(_ threads: Int) {
            counts = Array(repeating: 0, count: threads)
        }

        func set(_ thread: Int, _ count: Int) {
            lock.withLock { counts[thread] = count }
        }

        var total: Int {
            lock.withLock { counts.reduce(0, +) }
        }
    }
}
