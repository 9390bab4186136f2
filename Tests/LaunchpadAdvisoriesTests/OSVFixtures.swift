/// OSV documents for the tests.
enum OSVFixtures {
    /// GHSA-29mw-wpgm-hmr9 as the GitHub Advisory Database publishes it in OSV form (lodash ReDoS,
    /// CVE-2020-28500), with its references trimmed.
    static let lodash = #"""
    {
      "schema_version": "1.4.0",
      "id": "GHSA-29mw-wpgm-hmr9",
      "modified": "2024-03-15T11:54:36Z",
      "published": "2022-01-06T20:30:46Z",
      "aliases": ["CVE-2020-28500"],
      "summary": "Regular Expression Denial of Service (ReDoS) in lodash",
      "details": "All versions of package lodash prior to 4.17.21 are vulnerable to Regular Expression Denial of Service (ReDoS) via the toNumber, trim and trimEnd functions.",
      "severity": [
        {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}
      ],
      "affected": [
        {
          "package": {"ecosystem": "npm", "name": "lodash"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "4.0.0"}, {"fixed": "4.17.21"}]}]
        },
        {
          "package": {"ecosystem": "npm", "name": "lodash-es"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "4.0.0"}, {"fixed": "4.17.21"}]}]
        }
      ],
      "references": [
        {"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-28500"},
        {"type": "PACKAGE", "url": "https://github.com/lodash/lodash"}
      ],
      "database_specific": {
        "cwe_ids": ["CWE-1333", "CWE-400"],
        "severity": "MODERATE",
        "github_reviewed": true,
        "github_reviewed_at": "2021-03-19T22:45:28Z",
        "nvd_published_at": "2021-02-15T11:15:00Z"
      }
    }
    """#

    /// A minimal valid npm record with `changes` spliced into its top level: each key of `changes`
    /// replaces (or, with a nil value, removes) the default field.
    static func record(_ changes: [String: String?] = [:]) -> String {
        var fields: [(String, String)] = [
            ("id", #""GHSA-test-0000-0000""#),
            ("modified", #""2024-01-02T03:04:05Z""#),
            ("summary", #""A test advisory""#),
            ("database_specific", #"{"severity": "HIGH"}"#),
            ("affected", #"[{"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]"#),
        ]
        for (key, value) in changes {
            fields.removeAll { $0.0 == key }
            if let value { fields.append((key, value)) }
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
