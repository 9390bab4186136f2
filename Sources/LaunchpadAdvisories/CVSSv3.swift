import Foundation

/// A CVSS v3.0 or v3.1 base score, computed from a vector such as
/// `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` with the specification's formulas.
///
/// Every base metric must appear exactly once. Temporal and environmental metrics are checked
/// (known name, valid value, not repeated) and ignored for the base score. Metrics may come in any order.
/// The two versions share the base formulas and differ in rounding: 3.0 rounds up `ceil(x * 10) / 10`,
/// 3.1 uses its integer Roundup, which does not round 4.000000000000001 up to 4.1.
public struct CVSSv3: Sendable, Equatable {
    /// The base score, 0.0 to 10.0 with one decimal.
    public private(set) var baseScore: Double
    /// "3.0" or "3.1".
    public private(set) var version: String

    public init(vector: String) throws(CVSSProblem) {
        let version: String
        if vector.hasPrefix("CVSS:3.1/") {
            version = "3.1"
        } else if vector.hasPrefix("CVSS:3.0/") {
            version = "3.0"
        } else {
            throw CVSSProblem(.wrongPrefix, "'\(vector)' does not start with CVSS:3.0/ or CVSS:3.1/")
        }
        var values: [String: String] = [:]
        for part in vector.dropFirst("CVSS:3.x/".count).split(separator: "/", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw CVSSProblem(.malformedMetric, "'\(part)' is not METRIC:VALUE")
            }
            let metric = String(pieces[0])
            let value = String(pieces[1])
            guard let allowed = Self.allowedValues[metric] else {
                throw CVSSProblem(.unknownMetric, metric: metric, "\(metric) is not a CVSS v3 metric")
            }
            guard allowed.contains(value) else {
                throw CVSSProblem(.invalidValue, metric: metric, "\(metric) does not take the value \(value)")
            }
            guard values.updateValue(value, forKey: metric) == nil else {
                throw CVSSProblem(.duplicateMetric, metric: metric, "\(metric) appears more than once")
            }
        }
        for metric in Self.baseMetrics where values[metric] == nil {
            throw CVSSProblem(.missingMetric, metric: metric, "the base metric \(metric) is missing")
        }
        self.version = version
        self.baseScore = Self.baseScore(values, roundUp: version == "3.1" ? Self.roundUp31 : Self.roundUp30)
    }

    static let baseMetrics = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]

    /// Base, temporal and environmental metrics with the values each takes.
    static let allowedValues: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "PR": ["N", "L", "H"], "UI": ["N", "R"],
        "S": ["U", "C"], "C": ["H", "L", "N"], "I": ["H", "L", "N"], "A": ["H", "L", "N"],
        "E": ["X", "U", "P", "F", "H"], "RL": ["X", "O", "T", "W", "U"], "RC": ["X", "U", "R", "C"],
        "CR": ["X", "L", "M", "H"], "IR": ["X", "L", "M", "H"], "AR": ["X", "L", "M", "H"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MPR": ["X", "N", "L", "H"],
        "MUI": ["X", "N", "R"], "MS": ["X", "U", "C"],
        "MC": ["X", "H", "L", "N"], "MI": ["X", "H", "L", "N"], "MA": ["X", "H", "L", "N"],
    ]

    /// Specification §7.1 with the weights of §7.4. `values` holds every base metric.
    static func baseScore(_ values: [String: String], roundUp: (Double) -> Double) -> Double {
        let scopeChanged = values["S"] == "C"
        let attackVector: Double = switch values["AV"] { case "N": 0.85; case "A": 0.62; case "L": 0.55; default: 0.2 }
        let attackComplexity: Double = values["AC"] == "L" ? 0.77 : 0.44
        let privileges: Double = switch values["PR"] {
        case "N": 0.85
        case "L": scopeChanged ? 0.68 : 0.62
        default: scopeChanged ? 0.5 : 0.27
        }
        let userInteraction: Double = values["UI"] == "N" ? 0.85 : 0.62
        func impactWeight(_ metric: String) -> Double {
            switch values[metric] { case "H": 0.56; case "L": 0.22; default: 0 }
        }

        let impactSubScore = 1 - (1 - impactWeight("C")) * (1 - impactWeight("I")) * (1 - impactWeight("A"))
        let impact = scopeChanged
            ? 7.52 * (impactSubScore - 0.029) - 3.25 * pow(impactSubScore - 0.02, 15)
            : 6.42 * impactSubScore
        let exploitability = 8.22 * attackVector * attackComplexity * privileges * userInteraction
        guard impact > 0 else { return 0 }
        return scopeChanged
            ? roundUp(min(1.08 * (impact + exploitability), 10))
            : roundUp(min(impact + exploitability, 10))
    }

    /// CVSS 3.0: the smallest one-decimal number at or above `x`.
    static func roundUp30(_ x: Double) -> Double {
        (x * 10).rounded(.up) / 10
    }

    /// CVSS 3.1 Appendix A: the same in integer arithmetic, so float noise such as
    /// 4.000000000000001 does not round up.
    static func roundUp31(_ x: Double) -> Double {
        let scaled = Int((x * 100_000).rounded())
        if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
        return Double(scaled / 10_000 + 1) / 10
    }
}
