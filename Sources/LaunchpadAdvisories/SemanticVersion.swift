/// An npm semver version: `MAJOR.MINOR.PATCH`, an optional `-prerelease` and `+build` metadata.
///
/// Parsing accepts one leading `v` or `=` and trims surrounding whitespace. Numeric parts have no
/// leading zeros (except `0` itself) and at most 16 digits, like npm's `MAX_SAFE_COMPONENT_LENGTH`.
/// Build metadata is validated and then dropped: it takes no part in ordering, equality or hashing,
/// and `description` does not show it.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public private(set) var major: UInt64
    public private(set) var minor: UInt64
    public private(set) var patch: UInt64
    /// Empty for a release.
    public private(set) var prerelease: [PrereleaseIdentifier]

    /// A version from its parts; `prerelease` identifiers are taken as they are.
    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [PrereleaseIdentifier] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses `text`; nil when it is not a semver version.
    public init?(_ text: String) {
        guard let version = SemanticVersionParser.parse(Array(text.utf8)) else { return nil }
        self = version
    }

    /// True when the version has a prerelease, which orders it below its release.
    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// `1.2.3` or `1.2.3-rc.1`: canonical, without build metadata.
    public var description: String {
        let core = "\(major).\(minor).\(patch)"
        guard isPrerelease else { return core }
        return core + "-" + prerelease.map(\.description).joined(separator: ".")
    }

    /// semver.org §11: major, minor, patch numerically, then a prerelease below its release, then the
    /// prerelease identifiers left to right, a shorter list below a longer one it prefixes.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): return lhs.prerelease.lexicographicallyPrecedes(rhs.prerelease)
        }
    }
}

/// The grammar of semver.org §2, §9 and §10 over UTF-8 bytes, so non-ASCII digits never count as digits.
enum SemanticVersionParser {
    static let maximumDigits = 16

    static func parse(_ bytes: [UInt8]) -> SemanticVersion? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        if start < end, bytes[start] == UInt8(ascii: "v") || bytes[start] == UInt8(ascii: "=") { start += 1 }
        let text = bytes[start..<end]

        let plus = text.firstIndex(of: UInt8(ascii: "+"))
        if let plus, !isValidBuild(text[(plus + 1)...]) { return nil }
        let withoutBuild = text[..<(plus ?? text.endIndex)]

        let dash = withoutBuild.firstIndex(of: UInt8(ascii: "-"))
        let core = withoutBuild[..<(dash ?? withoutBuild.endIndex)]
        let parts = core.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3,
              let major = number(parts[0]), let minor = number(parts[1]), let patch = number(parts[2])
        else { return nil }

        var prerelease: [PrereleaseIdentifier] = []
        if let dash {
            for part in withoutBuild[(dash + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard let identifier = prereleaseIdentifier(part) else { return nil }
                prerelease.append(identifier)
            }
        }
        return SemanticVersion(major: major, minor: minor, patch: patch, prerelease: prerelease)
    }

    /// A numeric part: ASCII digits, no leading zero unless it is `0`, at most 16 digits.
    static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= maximumDigits, digits.allSatisfy(isDigit) else { return nil }
        if digits.count > 1, digits.first == UInt8(ascii: "0") { return nil }
        return digits.reduce(0) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
    }

    static func prereleaseIdentifier(_ part: ArraySlice<UInt8>) -> PrereleaseIdentifier? {
        guard !part.isEmpty, part.allSatisfy(isIdentifierCharacter) else { return nil }
        if part.allSatisfy(isDigit) { return number(part).map(PrereleaseIdentifier.numeric) }
        return .alphanumeric(String(decoding: part, as: UTF8.self))
    }

    /// Build identifiers: non-empty, `[0-9A-Za-z-]`, leading zeros allowed.
    static func isValidBuild(_ build: ArraySlice<UInt8>) -> Bool {
        build.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0.allSatisfy(isIdentifierCharacter)
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isIdentifierCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
