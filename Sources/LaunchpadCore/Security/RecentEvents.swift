import Foundation

/// The events written lately under each coalescing key (`PERMISSION_DENIED` from one key for one
/// permission, say), so that a repeat within the window updates the event instead of adding one.
/// In memory: after a restart the first repeat starts a new event. Bounded: the oldest entries go
/// first past `capacity`.
final class RecentEvents: @unchecked Sendable {
    private struct Entry {
        var key: [UInt8]
        var firstSeen: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The stored key of the event written under `coalescingKey`, if it was first seen at or
    /// after `notBefore`.
    func take(_ coalescingKey: String, notBefore: Date) -> [UInt8]? {
        lock.withLock {
            guard let entry = entries[coalescingKey], entry.firstSeen >= notBefore else { return nil }
            return entry.key
        }
    }

    func remember(_ coalescingKey: String, key: [UInt8], firstSeen: Date) {
        lock.withLock {
            entries[coalescingKey] = Entry(key: key, firstSeen: firstSeen)
            if entries.count > capacity {
                let oldest = entries.sorted { $0.value.firstSeen < $1.value.firstSeen }.prefix(entries.count - capacity)
                for (name, _) in oldest { entries[name] = nil }
            }
        }
    }
}
