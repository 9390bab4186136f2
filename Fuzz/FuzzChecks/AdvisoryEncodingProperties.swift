import LaunchpadAdvisories

/// The input is a stored advisory's bytes. `PackageAdvisory(decoding:)` and the scan's fast path never trap;
/// what decodes encodes and decodes again to itself; the fast path `decoded(_:ifAffecting:)` gives the
/// advisory exactly for the versions it affects, and nothing for bytes the full decoder refuses.
enum AdvisoryEncodingProperties {
    static let probes = ["0.0.0", "0.0.1-0", "1.0.0", "1.2.3", "2.0.0-rc.1", "99999.0.0"].compactMap(SemanticVersion.init)

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let advisory = try? PackageAdvisory(decoding: input)
        if let advisory {
            let again = try? PackageAdvisory(decoding: advisory.encoded())
            try require(again == advisory, "\(advisory.advisoryId): encoding the decoded advisory does not decode to it")
        }
        for version in probes + (advisory?.affected.versions ?? []) {
            let fast = try? PackageAdvisory.decoded(input, ifAffecting: version)
            guard let advisory else {
                try require(fast == nil, "decoded(_:ifAffecting: \(version)) gave an advisory from bytes PackageAdvisory(decoding:) refuses")
                continue
            }
            let affected = advisory.affected.contains(version)
            try require((fast != nil) == affected, "\(advisory.advisoryId): the fast path says \(fast != nil) for \(version), contains says \(affected)")
            if let fast { try require(fast == advisory, "\(advisory.advisoryId): the fast path decoded another advisory") }
        }
    }
}
