import LaunchpadAdvisories

/// The input is a CVSS v3 vector. Parsing never traps; a base score is within 0.0...10.0 with one decimal,
/// and the same metrics in reverse order give the same score.
enum CVSSProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let vector = String(decoding: input, as: UTF8.self)
        guard let cvss = try? CVSSv3(vector: vector) else { return }
        let score = cvss.baseScore
        try require((0...10).contains(score), "'\(vector)' scores \(score)")
        try require((score * 10).rounded() == score * 10, "'\(vector)' scores \(score), not one decimal")
        let prefix = "CVSS:\(cvss.version)/"
        let reversed = prefix + vector.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).reversed().joined(separator: "/")
        let other = try? CVSSv3(vector: reversed)
        try require(other?.baseScore == score, "'\(reversed)' scores \(other.map { "\($0.baseScore)" } ?? "nothing"), '\(vector)' \(score)")
    }
}
