/// One SEMVER or ECOSYSTEM range of an `affected` entry, compiled for evaluation: events parsed
/// and sorted, limits folded into one bound.
public struct AffectedRange: Sendable, Equatable {
    /// A range event other than `limit`.
    public enum Event: Sendable, Equatable {
        /// nil is `introduced: "0"`, which sorts before every version.
        case introduced(SemanticVersion?)
        case fixed(SemanticVersion)
        case lastAffected(SemanticVersion)

        /// The version the event sorts by; nil for `introduced: "0"`.
        var version: SemanticVersion? {
            switch self {
            case .introduced(let version): version
            case .fixed(let version), .lastAffected(let version): version
            }
        }
    }

    /// Sorted by version, `introduced: "0"` first; events at one version keep the record's order.
    public private(set) var events: [Event]
    /// Versions at or above this are outside the range: the highest `limit` event. nil when the range has
    /// no `limit` or a `limit: "*"`, which stands for infinity.
    public private(set) var limit: SemanticVersion?

    /// Sorts `events` (OSV's `sorted(range.events)`).
    public init(events: [Event], limit: SemanticVersion? = nil) {
        self.events = events.enumerated().sorted { a, b in
            switch (a.element.version, b.element.version) {
            case (nil, nil): a.offset < b.offset
            case (nil, _): true
            case (_, nil): false
            case (let x?, let y?): x < y || (x == y && a.offset < b.offset)
            }
        }.map(\.element)
        self.limit = limit
    }

    /// Takes events already in order, as decoded; nil when they are not sorted.
    init?(sortedEvents: [Event], limit: SemanticVersion?) {
        for (earlier, later) in zip(sortedEvents, sortedEvents.dropFirst()) {
            switch (earlier.version, later.version) {
            case (_, nil) where earlier.version != nil: return nil
            case (let a?, let b?) where b < a: return nil
            default: break
            }
        }
        self.events = sortedEvents
        self.limit = limit
    }

    /// OSV's `BeforeLimits` and the event walk of `IncludedInRanges`.
    public func contains(_ version: SemanticVersion) -> Bool {
        if let limit, !(version < limit) { return false }
        var vulnerable = false
        for event in events {
            switch event {
            case .introduced(let introduced):
                if introduced.map({ version >= $0 }) ?? true { vulnerable = true }
            case .fixed(let fixed):
                if version >= fixed { vulnerable = false }
            case .lastAffected(let lastAffected):
                if version > lastAffected { vulnerable = false }
            }
        }
        return vulnerable
    }
}
