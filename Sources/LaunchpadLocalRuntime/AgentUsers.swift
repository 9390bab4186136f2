#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadCrypto

/// One user id per agent, from a range of ids that belong to no one else (`--agent-uid-range`).
///
/// An agent's id is derived from its agent id (a SHA-256 of it, within the range), and the next free
/// id is taken when that one is held by another agent. The choice is remembered by the owner of
/// the agent's directory: a later run adopts the owners it finds, so an agent keeps its user
/// across restarts even when its id was not the derived one.
final class AgentUsers: @unchecked Sendable {
    let range: ClosedRange<UInt32>
    private let lock = NSLock()
    private var byAgent: [String: UInt32] = [:]
    private var byUser: [UInt32: String] = [:]

    init(range: ClosedRange<UInt32>) {
        self.range = range
    }

    /// Adopts the owners of the directories in `agentsDirectory` (one per agent, named by its id).
    func adopt(agentsDirectory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: agentsDirectory)) ?? []
        lock.withLock {
            for name in names.sorted() {
                var status = stat()
                guard lstat(agentsDirectory + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
                      range.contains(status.st_uid), byUser[status.st_uid] == nil, byAgent[name] == nil else { continue }
                byAgent[name] = status.st_uid
                byUser[status.st_uid] = name
            }
        }
    }

    /// The agent's user id: the one it has, else the derived one, else the next free one after it.
    func user(for agentId: String) throws(AgentUsersExhausted) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let uid = byAgent[agentId] { return uid }
        let count = UInt64(range.upperBound - range.lowerBound) + 1
        let start = Self.derivedOffset(agentId) % count
        for step in 0..<count {
            let uid = range.lowerBound + UInt32((start + step) % count)
            if byUser[uid] == nil {
                byAgent[agentId] = uid
                byUser[uid] = agentId
                return uid
            }
        }
        throw AgentUsersExhausted(range: range)
    }

    /// Frees the agent's id: it was deleted.
    func release(_ agentId: String) {
        lock.withLock {
            if let uid = byAgent.removeValue(forKey: agentId) { byUser[uid] = nil }
        }
    }

    /// The first 8 bytes of the id's SHA-256: the same in every run, unlike Swift's hashing.
    static func derivedOffset(_ agentId: String) -> UInt64 {
        SHA256.hash(agentId).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Every id of `--agent-uid-range` is held by an agent.
struct AgentUsersExhausted: Error, CustomStringConvertible {
    var range: ClosedRange<UInt32>
    var description: String { "every user id of \(range.lowerBound)-\(range.upperBound) is held by an agent" }
}
