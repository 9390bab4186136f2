extension OSVRecord {
    /// One `PackageAdvisory` per npm package; entries of other ecosystems are ignored. Several entries
    /// for one package (GitHub writes one per release line: ws 5.x, 6.x, 7.x, 8.x) become one advisory
    /// whose ranges and versions are all of theirs, since a version is affected when any entry says so.
    ///
    /// Severity is the `databaseSpecificSeverity` word (MODERATE is MEDIUM), else the banded highest
    /// CVSS v3 base score among the record's and the entry's CVSS_V3 vectors. `cvssScore` is that highest
    /// score whenever there is one. Throws `.withdrawn` for a withdrawn record, `.notNpm` when no entry is npm,
    /// `.noSeverity` when neither a word nor a scorable v3 vector is present (CVSS v4 is not scored),
    /// `.invalidSeverity` for a CVSS_V3 vector that does not parse, and the problems of
    /// `AffectedVersions.init(compiling:versions:field:)` for the ranges.
    public func packageAdvisories() throws(OSVRecordProblem) -> [PackageAdvisory] {
        if let withdrawn {
            throw OSVRecordProblem(.withdrawn, field: "withdrawn", "\(id) was withdrawn at \(withdrawn)")
        }
        let statedSeverity = databaseSpecificSeverity.flatMap { VulnerabilitySeverity(advisoryWord: $0) }
        let recordScore = try Self.highestScore(severity, field: "severity")
        var advisories: [PackageAdvisory] = []
        for (index, entry) in affected.enumerated() where entry.ecosystem == "npm" {
            let field = "affected[\(index)]"
            let score = try Self.higher(recordScore, Self.highestScore(entry.severity, field: "\(field).severity"))
            guard let severity = statedSeverity ?? score.flatMap({ VulnerabilitySeverity(score: $0) }) else {
                throw OSVRecordProblem(.noSeverity, field: "severity", "\(id) has \(Self.missingSeverityReason(record: severity, entry: entry.severity, score: score))")
            }
            guard !entry.ranges.isEmpty || !entry.versions.isEmpty else {
                throw OSVRecordProblem(.invalidRange, field: field, "\(field) (\(entry.name)) names no ranges and no versions")
            }
            let affected = try AffectedVersions(compiling: entry.ranges, versions: entry.versions, field: field)
            if let same = advisories.firstIndex(where: { $0.name == entry.name }) {
                let earlier = advisories[same]
                advisories[same].affected = AffectedVersions(
                    ranges: earlier.affected.ranges + affected.ranges, versions: earlier.affected.versions + affected.versions)
                advisories[same].severity = Swift.max(earlier.severity, severity)
                advisories[same].cvssScore = Self.higher(earlier.cvssScore, score)
                continue
            }
            advisories.append(PackageAdvisory(
                advisoryId: id, aliases: aliases, modified: modified, summary: summary, severity: severity,
                cvssScore: score, ecosystem: entry.ecosystem, name: entry.name, affected: affected))
        }
        guard !advisories.isEmpty else {
            throw OSVRecordProblem(.notNpm, field: "affected", "\(id) has no npm entry")
        }
        return advisories
    }

    /// The highest base score of the CVSS_V3 items; nil when there are none.
    private static func highestScore(_ scores: [OSVSeverityScore], field: String) throws(OSVRecordProblem) -> Double? {
        var highest: Double?
        for (index, item) in scores.enumerated() where item.type == "CVSS_V3" {
            do {
                let score = try CVSSv3(vector: item.score).baseScore
                highest = max(highest ?? score, score)
            } catch {
                throw OSVRecordProblem(.invalidSeverity, field: "\(field)[\(index)].score", "\(field)[\(index)].score: \(error)")
            }
        }
        return highest
    }

    private static func higher(_ a: Double?, _ b: Double?) -> Double? {
        guard let a else { return b }
        guard let b else { return a }
        return Swift.max(a, b)
    }

    private static func missingSeverityReason(record: [OSVSeverityScore], entry: [OSVSeverityScore], score: Double?) -> String {
        if let score { return "no stated severity and a CVSS v3 base score of \(score), which is no severity band" }
        if (record + entry).contains(where: { $0.type == "CVSS_V4" }) {
            return "only CVSS v4 vectors, which Launchpad does not score, and no stated severity"
        }
        return "no severity: no database_specific.severity word and no CVSS v3 vector"
    }
}
