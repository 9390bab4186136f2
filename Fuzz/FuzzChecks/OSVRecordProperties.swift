import LaunchpadAdvisories

/// The input is an OSV document. Parsing and `packageAdvisories()` never trap; every advisory built
/// has a CVSS score within 0...10 when it has one, and round-trips through its binary encoding
/// (the encoding properties of `AdvisoryEncodingProperties` hold for its bytes).
enum OSVRecordProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let record = try? OSVRecordParser.parse(input), let advisories = try? record.packageAdvisories() else { return }
        for advisory in advisories {
            if let score = advisory.cvssScore {
                try require((0...10).contains(score), "\(advisory.advisoryId) has a CVSS score of \(score)")
            }
            let bytes = advisory.encoded()
            let decoded: PackageAdvisory
            do {
                decoded = try PackageAdvisory(decoding: bytes)
            } catch {
                throw FuzzFailure("\(advisory.advisoryId) (\(advisory.name)) does not decode from its own encoding: \(error)")
            }
            try require(decoded == advisory, "\(advisory.advisoryId) (\(advisory.name)) decodes from its encoding to another advisory")
            try AdvisoryEncodingProperties.check(bytes)
        }
    }
}
