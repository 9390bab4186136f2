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
        for (earlier, later) in zip(sortedEvents, sortedEvents.dropFirst()) where !earlier.sortsAtOrBefore(later) {
            return nil
        }
        self.events = sortedEvents
        self.limit = limit
    }

    /// OSV's `BeforeLimits` and the event walk of `IncludedInRanges`.
    public func contains(_ version: SemanticVersion) -> Bool {
        Self.isBelow(limit, version) && events.reduce(false) { vulnerable, event in event.step(vulnerable, at: version) }
    }

    /// OSV's `BeforeLimits` with the limits folded into one: true when there is none or `version` is below it.
    static func isBelow(_ limit: SemanticVersion?, _ version: SemanticVersion) -> Bool {
        limit.map { version < $0 } ?? true
    }
}

extension AffectedRange.Event {
    /// One step of OSV's event walk: whether `version` is vulnerable after this event, given `vulnerable` before it.
    /// (`introduced` at or below `version` sets it, `fixed` at or below and `last_affected` below clear it.)
    func step(_ vulnerable: Bool, at version: SemanticVersion) -> Bool {
        switch self {
        case .introduced(let introduced): vulnerable || (introduced.map { version >= $0 } ?? true)
        case .fixed(let fixed): vulnerable && version < fixed
        case .lastAffected(let lastAffected): vulnerable && version <= lastAffected
        }
    }

    /// True when this event may come before `next` in a sorted range: `introduced: "0"` first, then by version.
    func sortsAtOrBefore(_ next: Self) -> Bool {
        switch (version, next.version) {
        case (nil, _): true
        case (_?, nil): false
        case (let a?, let b?): !(b < a)
        }
    }
}
