import Foundation

/// How long recent deployments took (QUEUED to DEPLOYED), for `estimatedDeployTime`.
public final class DeployTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var recent: [TimeInterval] = []

    public init() {}

    public func record(_ seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        recent.append(seconds)
        if recent.count > 50 { recent.removeFirst() }
    }

    /// The median of the recent deployments, as `"about 2 seconds"`; before any, `"under 1 minute"`.
    public func estimate() -> String {
        lock.lock()
        let sorted = recent.sorted()
        lock.unlock()
        guard !sorted.isEmpty else { return "under 1 minute" }
        let median = Int(sorted[sorted.count / 2].rounded(.up))
        if median < 60 { return "about \(max(1, median)) second\(median == 1 ? "" : "s")" }
        let minutes = (median + 59) / 60
        return "about \(minutes) minute\(minutes == 1 ? "" : "s")"
    }
}
