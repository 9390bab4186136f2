import Foundation

/// When to start a supervised process again after it exits: at once the first time, then after a
/// delay that doubles with each exit that comes soon after a start, up to a ceiling. A process that
/// ran for `stableAfter` before exiting is restarted at once again.
///
/// Pure policy: the times are given, so it is tested without processes or clocks.
public struct RestartBackoff: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var stableAfter: TimeInterval
    /// Exits in a row that came sooner than `stableAfter` after their start.
    public private(set) var quickExits = 0

    public init(firstDelay: TimeInterval = 0.5, maximumDelay: TimeInterval = 30, stableAfter: TimeInterval = 60) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.stableAfter = stableAfter
    }

    /// Records an exit of a process started at `startedAt`; returns when to start it again.
    public mutating func exited(startedAt: Date, at now: Date) -> Date {
        if now.timeIntervalSince(startedAt) >= stableAfter { quickExits = 0 }
        quickExits += 1
        guard quickExits > 1 else { return now }
        let delay = min(maximumDelay, firstDelay * pow(2, Double(min(quickExits - 2, 30))))
        return now.addingTimeInterval(delay)
    }
}
