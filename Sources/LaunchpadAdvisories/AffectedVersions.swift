/// The affected versions of one npm `affected` entry: its SEMVER and ECOSYSTEM ranges and its
/// explicit `versions` list, parsed to `SemanticVersion`.
///
/// Evaluation is the OSV schema's (https://ossf.github.io/osv-schema/#evaluation): a version is affected
/// when it is in the `versions` list or inside any range.
public struct AffectedVersions: Sendable, Equatable {
    public private(set) var ranges: [AffectedRange]
    /// Sorted and without duplicates, for binary search.
    public private(set) var versions: [SemanticVersion]

    /// From compiled ranges and versions; the versions are sorted and deduplicated.
    public init(ranges: [AffectedRange], versions: [SemanticVersion]) {
        self.ranges = ranges
        self.versions = Array(Set(versions)).sorted()
    }

    /// Takes versions already sorted without duplicates, as decoded; nil when they are not.
    init?(ranges: [AffectedRange], sortedVersions: [SemanticVersion]) {
        for (earlier, later) in zip(sortedVersions, sortedVersions.dropFirst()) where !(earlier < later) {
            return nil
        }
        self.ranges = ranges
        self.versions = sortedVersions
    }

    /// Compiles an entry's ranges and versions; `field` (such as `affected[0]`) prefixes the fields named in problems.
    ///
    /// Refuses a GIT range (`unknownRangeType`), a range without `introduced` (`invalidRange`) and any
    /// version that is not semver (`invalidVersion`, naming the event or list item).
    public init(compiling ranges: [OSVRange], versions: [String], field: String = "affected") throws(OSVRecordProblem) {
        // A real entry lists at most a few thousand versions (GitHub's largest npm advisories list
        // under 2,000); one listing 150,000 made every scan of its package take seconds.
        guard versions.count <= Self.maximumVersions else {
            throw OSVRecordProblem(.tooManyVersions, field: "\(field).versions", "\(field).versions lists \(versions.count) versions, over the limit of \(Self.maximumVersions)")
        }
        guard ranges.count <= Self.maximumRanges else {
            throw OSVRecordProblem(.tooManyVersions, field: "\(field).ranges", "\(field).ranges has \(ranges.count) ranges, over the limit of \(Self.maximumRanges)")
        }
        var compiled: [AffectedRange] = []
        for (rangeIndex, range) in ranges.enumerated() {
            compiled.append(try Self.compile(range, field: "\(field).ranges[\(rangeIndex)]"))
        }
        var parsed: [SemanticVersion] = []
        for (index, text) in versions.enumerated() {
            parsed.append(try Self.version(text, field: "\(field).versions[\(index)]"))
        }
        self.init(ranges: compiled, versions: parsed)
    }

    /// The most explicit versions, and ranges, an `affected` entry may have.
    public static let maximumVersions = 10_000
    public static let maximumRanges = 1_000

    /// True when `version` is listed or inside a range.
    public func contains(_ version: SemanticVersion) -> Bool {
        isListed(version) || ranges.contains { $0.contains(version) }
    }

    /// The lowest version named by a `fixed` event that is above `version` and not itself affected;
    /// nil when there is none (for example when the ranges end with `last_affected`).
    public func lowestFixed(above version: SemanticVersion) -> SemanticVersion? {
        var lowest: SemanticVersion?
        for range in ranges {
            for case .fixed(let fixed) in range.events where fixed > version && (lowest.map { fixed < $0 } ?? true) {
                if !contains(fixed) { lowest = fixed }
            }
        }
        return lowest
    }

    private func isListed(_ version: SemanticVersion) -> Bool {
        var low = 0
        var high = versions.count
        while low < high {
            let middle = (low + high) / 2
            if versions[middle] < version { low = middle + 1 } else { high = middle }
        }
        return low < versions.count && versions[low] == version
    }

    private static func compile(_ range: OSVRange, field: String) throws(OSVRecordProblem) -> AffectedRange {
        guard range.type != .git else {
            throw OSVRecordProblem(.unknownRangeType, field: "\(field).type", "\(field).type is GIT, which cannot be evaluated against npm versions")
        }
        var events: [AffectedRange.Event] = []
        var limits: [SemanticVersion] = []
        var unlimited = false
        for (index, event) in range.events.enumerated() {
            let eventField = "\(field).events[\(index)].\(event.key)"
            switch event {
            case .introduced("0"): events.append(.introduced(nil))
            case .introduced(let text): events.append(.introduced(try version(text, field: eventField)))
            case .fixed(let text): events.append(.fixed(try version(text, field: eventField)))
            case .lastAffected(let text): events.append(.lastAffected(try version(text, field: eventField)))
            case .limit("*"): unlimited = true
            case .limit(let text): limits.append(try version(text, field: eventField))
            }
        }
        guard range.events.contains(where: { if case .introduced = $0 { true } else { false } }) else {
            throw OSVRecordProblem(.invalidRange, field: "\(field).events", "\(field).events has no introduced event")
        }
        return AffectedRange(events: events, limit: unlimited ? nil : limits.max())
    }

    private static func version(_ text: String, field: String) throws(OSVRecordProblem) -> SemanticVersion {
        guard let version = SemanticVersion(text) else {
            throw OSVRecordProblem(.invalidVersion, field: field, "\(field) '\(text)' is not a semver version")
        }
        return version
    }
}
