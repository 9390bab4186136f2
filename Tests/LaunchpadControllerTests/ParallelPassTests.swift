import Foundation
@testable import LaunchpadController
import Testing

struct ParallelPassTests {
    final class Seen: @unchecked Sendable {
        let lock = NSLock()
        var items: [String] = []
        var threads = Set<String>()
        func add(_ item: String) {
            lock.lock(); defer { lock.unlock() }
            items.append(item)
            threads.insert("\(Unmanaged.passUnretained(Thread.current).toOpaque())")
        }
    }

    @Test func visitsEveryItemOnceOnSeveralThreads() {
        let seen = Seen()
        let items = (0..<500).map { "agent-\($0)" }
        Controller.forEach(items, width: 16) { item in
            usleep(200)
            seen.add(item)
        }
        #expect(seen.items.sorted() == items.sorted())
        #expect(seen.threads.count > 1)
    }
}
