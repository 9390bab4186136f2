import LaunchpadAdvisories

/// The input is version texts, one a line. Parsing never traps; a parsed version's `description` parses
/// back to an equal version with the same description; ordering is a strict total order consistent
/// with equality (a < b excludes b < a; exactly one of a < b, a == b, b < a).
enum SemanticVersionProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        var versions: [SemanticVersion] = []
        for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard let version = SemanticVersion(String(decoding: line, as: UTF8.self)) else { continue }
            let canonical = version.description
            guard let again = SemanticVersion(canonical) else {
                throw FuzzFailure("'\(canonical)', the description of a parsed version, does not parse")
            }
            try require(again == version && again.description == canonical, "'\(canonical)' parses to \(again), another version")
            try require(!(version < version), "\(version) < itself")
            versions.append(version)
        }
        for a in versions {
            for b in versions {
                let answers = [a < b, a == b, b < a].filter { $0 }.count
                try require(answers == 1, "\(a) and \(b): < \(a < b), == \(a == b), > \(b < a)")
                if a == b { try require(a.hashValue == b.hashValue, "\(a) == \(b) with different hashes") }
            }
        }
    }
}
