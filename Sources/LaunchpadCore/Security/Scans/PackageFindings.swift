import LaunchpadAdvisories

/// Matches installed npm packages against advisories: one finding per vulnerability per package
/// version (advisories that alias each other are one vulnerability), and one recommendation per
/// vulnerable package version naming the lowest version that fixes all of them.
struct PackageFindings {
    /// An installed package and where the scan found it.
    struct Installed: Hashable {
        var name: String
        var version: SemanticVersion
        var source: Finding.Source
    }

    private(set) var findings: [Finding] = []
    private(set) var recommendations: [String] = []

    /// `advisories` returns the advisories of a package name that affect a version.
    init(_ installed: [Installed], advisories: (String, SemanticVersion) throws -> [PackageAdvisory]) rethrows {
        for package in installed {
            let matches = try advisories(package.name, package.version)
            guard !matches.isEmpty else { continue }
            add(package, matches: matches)
        }
    }

    private mutating func add(_ package: Installed, matches: [PackageAdvisory]) {
        let installed = package.version.description
        var fixes: [SemanticVersion?] = []
        var primaries: [String] = []
        for group in Self.vulnerabilities(matches) {
            let fixed = group.compactMap { $0.affected.lowestFixed(above: package.version) }.max()
            fixes.append(fixed)
            let ids = Set(group.flatMap { [$0.advisoryId] + $0.aliases })
            let primary = group.map(\.advisoryId).min()!
            primaries.append(primary)
            let worst = group.max { $0.severity < $1.severity }!
            findings.append(Finding(
                id: primary, kind: .vulnerability, severity: Severity(worst.severity), summary: worst.summary,
                package: package.name, installedVersion: installed, fixedVersion: fixed?.description,
                aliases: ids.subtracting([primary]).sorted(), source: package.source))
        }
        let ids = primaries.joined(separator: ", ")
        if fixes.contains(where: { $0 == nil }) {
            recommendations.append("Remove or replace \(package.name) \(installed): no fixed version is known for \(ids)")
        } else if let target = Self.lowestClean(fixes.compactMap { $0 }, matches) {
            recommendations.append("Upgrade \(package.name) from \(installed) to \(target) (fixes \(ids))")
        }
    }

    /// Advisories grouped so that two sharing an id or an alias are one vulnerability.
    static func vulnerabilities(_ matches: [PackageAdvisory]) -> [[PackageAdvisory]] {
        var groups: [(ids: Set<String>, members: [PackageAdvisory])] = []
        for advisory in matches {
            let ids = Set([advisory.advisoryId] + advisory.aliases)
            var merged = (ids: ids, members: [advisory])
            groups.removeAll { group in
                guard !group.ids.isDisjoint(with: merged.ids) else { return false }
                merged.ids.formUnion(group.ids)
                merged.members += group.members
                return true
            }
            groups.append(merged)
        }
        return groups.map(\.members).sorted { $0.map(\.advisoryId).min()! < $1.map(\.advisoryId).min()! }
    }

    /// The lowest of the fixed versions that none of the matched advisories affects, else the highest.
    static func lowestClean(_ fixes: [SemanticVersion], _ matches: [PackageAdvisory]) -> SemanticVersion? {
        let candidates = Set(fixes).sorted()
        return candidates.first { candidate in !matches.contains { $0.affected.contains(candidate) } } ?? candidates.last
    }
}
