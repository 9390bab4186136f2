import Foundation

/// The binary layout, format 1. Counts and numbers are unsigned LEB128, strings a count then UTF-8,
/// doubles their IEEE 754 bits little-endian:
///
///     format (1)
///     ranges: count, each: limit (0, or 1 then version), events: count, each: kind then version
///             (kind 0 is introduced "0" with no version, 1 introduced, 2 fixed, 3 last_affected)
///     versions: count, versions
///     advisoryId  aliases: count, strings  modified: double (seconds since 1970)  summary
///     severity: 0...3  cvssScore: 0, or 1 then double  ecosystem  name
///
///     version: major minor patch, prerelease: count, each: 0 then number, or 1 then string
///
/// The affected versions come first so that `decoded(_:ifAffecting:)` can answer from them alone.
/// Decoding checks every invariant the parser guarantees (sorted events and versions, identifiers
/// that parse) so that a decoded value behaves exactly like a compiled one.
extension PackageAdvisory {
    static let encodingFormat: UInt8 = 1

    /// The binary encoding stored per package.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.byte(Self.encodingFormat)
        writer.count(affected.ranges.count)
        for range in affected.ranges {
            if let limit = range.limit {
                writer.byte(1)
                Self.write(limit, to: &writer)
            } else {
                writer.byte(0)
            }
            writer.count(range.events.count)
            for event in range.events {
                switch event {
                case .introduced(nil): writer.byte(0)
                case .introduced(let version?): writer.byte(1); Self.write(version, to: &writer)
                case .fixed(let version): writer.byte(2); Self.write(version, to: &writer)
                case .lastAffected(let version): writer.byte(3); Self.write(version, to: &writer)
                }
            }
        }
        writer.count(affected.versions.count)
        affected.versions.forEach { Self.write($0, to: &writer) }
        writer.string(advisoryId)
        writer.count(aliases.count)
        aliases.forEach { writer.string($0) }
        writer.double(modified.timeIntervalSince1970)
        writer.string(summary)
        writer.byte(UInt8(severity.rank))
        if let cvssScore {
            writer.byte(1)
            writer.double(cvssScore)
        } else {
            writer.byte(0)
        }
        writer.string(ecosystem)
        writer.string(name)
        return writer.bytes
    }

    /// Decodes `encoded()` bytes. Refuses truncated, trailing or malformed bytes with `.invalidEncoding`; never traps.
    public init(decoding bytes: [UInt8]) throws(OSVRecordProblem) {
        var reader = ByteReader(bytes)
        try Self.readFormat(&reader)

        let rangeCount = try reader.count()
        var ranges: [AffectedRange] = []
        ranges.reserveCapacity(rangeCount)
        for _ in 0..<rangeCount {
            let limit = try Self.readLimit(&reader)
            let eventCount = try reader.count()
            var events: [AffectedRange.Event] = []
            events.reserveCapacity(eventCount)
            for _ in 0..<eventCount { events.append(try Self.readEvent(&reader)) }
            guard let range = AffectedRange(sortedEvents: events, limit: limit) else {
                throw ByteReader.failure("range events out of order")
            }
            ranges.append(range)
        }
        let versionCount = try reader.count()
        var versions: [SemanticVersion] = []
        versions.reserveCapacity(versionCount)
        for _ in 0..<versionCount { versions.append(try Self.readVersion(&reader)) }
        guard let affected = AffectedVersions(ranges: ranges, sortedVersions: versions) else {
            throw ByteReader.failure("versions out of order")
        }

        let advisoryId = try reader.string()
        let aliasCount = try reader.count()
        var aliases: [String] = []
        aliases.reserveCapacity(aliasCount)
        for _ in 0..<aliasCount { aliases.append(try reader.string()) }
        let seconds = try reader.double()
        guard seconds.isFinite else { throw ByteReader.failure("modified is not a finite time") }
        let modified = Date(timeIntervalSince1970: seconds)
        let summary = try reader.string()
        let severityRank = try reader.byte()
        guard let severity = VulnerabilitySeverity(rank: severityRank) else {
            throw ByteReader.failure("unknown severity \(severityRank)")
        }
        let cvssScore: Double?
        switch try reader.byte() {
        case 0: cvssScore = nil
        case 1:
            let score = try reader.double()
            // Also refuses NaN, which would make the advisory unequal to itself.
            guard (0...10).contains(score) else { throw ByteReader.failure("CVSS score \(score) is not within 0...10") }
            cvssScore = score
        default: throw ByteReader.failure("bad score flag")
        }
        let ecosystem = try reader.string()
        let name = try reader.string()
        guard reader.isAtEnd else { throw ByteReader.failure("bytes after the end") }
        self.init(
            advisoryId: advisoryId, aliases: aliases, modified: modified, summary: summary, severity: severity,
            cvssScore: cvssScore, ecosystem: ecosystem, name: name, affected: affected)
    }

    /// The scan's fast path: decides from the encoded ranges and versions alone whether the advisory
    /// affects `version`, allocating nothing, and decodes the whole advisory only when it does.
    ///
    /// Same answer as `PackageAdvisory(decoding:)` followed by `affected.contains(version)`. The ranges and
    /// versions are checked as they are read; the rest of the bytes only when the advisory applies, so
    /// corrupt text after the versions goes unnoticed for an advisory that does not apply.
    public static func decoded(_ bytes: [UInt8], ifAffecting version: SemanticVersion) throws(OSVRecordProblem) -> PackageAdvisory? {
        var reader = ByteReader(bytes)
        try readFormat(&reader)
        var isAffected = false
        for _ in 0..<(try reader.count()) {
            let limit = try readLimit(&reader)
            var vulnerable = false
            var previous: AffectedRange.Event?
            for _ in 0..<(try reader.count()) {
                let event = try readEvent(&reader)
                if let previous, !previous.sortsAtOrBefore(event) { throw ByteReader.failure("range events out of order") }
                vulnerable = event.step(vulnerable, at: version)
                previous = event
            }
            if vulnerable && AffectedRange.isBelow(limit, version) { isAffected = true }
        }
        var previous: SemanticVersion?
        for _ in 0..<(try reader.count()) {
            let listed = try readVersion(&reader)
            if let previous, !(previous < listed) { throw ByteReader.failure("versions out of order") }
            if listed == version { isAffected = true }
            previous = listed
        }
        return isAffected ? try PackageAdvisory(decoding: bytes) : nil
    }

    private static func readFormat(_ reader: inout ByteReader) throws(OSVRecordProblem) {
        guard try reader.byte() == encodingFormat else { throw ByteReader.failure("unknown format") }
    }

    private static func readLimit(_ reader: inout ByteReader) throws(OSVRecordProblem) -> SemanticVersion? {
        switch try reader.byte() {
        case 0: return nil
        case 1: return try readVersion(&reader)
        default: throw ByteReader.failure("bad limit flag")
        }
    }

    private static func readEvent(_ reader: inout ByteReader) throws(OSVRecordProblem) -> AffectedRange.Event {
        switch try reader.byte() {
        case 0: return .introduced(nil)
        case 1: return .introduced(try readVersion(&reader))
        case 2: return .fixed(try readVersion(&reader))
        case 3: return .lastAffected(try readVersion(&reader))
        default: throw ByteReader.failure("unknown event kind")
        }
    }

    private static func write(_ version: SemanticVersion, to writer: inout ByteWriter) {
        writer.varint(version.major)
        writer.varint(version.minor)
        writer.varint(version.patch)
        writer.count(version.prerelease.count)
        for identifier in version.prerelease {
            switch identifier {
            case .numeric(let value): writer.byte(0); writer.varint(value)
            case .alphanumeric(let text): writer.byte(1); writer.string(text)
            }
        }
    }

    private static func readVersion(_ reader: inout ByteReader) throws(OSVRecordProblem) -> SemanticVersion {
        let major = try readNumber(&reader)
        let minor = try readNumber(&reader)
        let patch = try readNumber(&reader)
        let count = try reader.count()
        guard count > 0 else { return SemanticVersion(major: major, minor: minor, patch: patch) }
        var prerelease: [PrereleaseIdentifier] = []
        prerelease.reserveCapacity(count)
        for _ in 0..<count {
            switch try reader.byte() {
            case 0:
                prerelease.append(.numeric(try readNumber(&reader)))
            case 1:
                let text = try reader.string()
                guard !text.isEmpty, text.utf8.allSatisfy(SemanticVersionParser.isIdentifierCharacter),
                      !text.utf8.allSatisfy(SemanticVersionParser.isDigit)
                else { throw ByteReader.failure("a prerelease identifier '\(text)' is not alphanumeric") }
                prerelease.append(.alphanumeric(text))
            default:
                throw ByteReader.failure("unknown prerelease identifier kind")
            }
        }
        return SemanticVersion(major: major, minor: minor, patch: patch, prerelease: prerelease)
    }

    /// A version number within the 16 digits the parser allows.
    private static func readNumber(_ reader: inout ByteReader) throws(OSVRecordProblem) -> UInt64 {
        let value = try reader.varint()
        guard value <= 9_999_999_999_999_999 else { throw ByteReader.failure("a version number has more than 16 digits") }
        return value
    }
}
