import Foundation
import LaunchpadJSONDepth

/// Parses one OSV JSON document into an `OSVRecord`.
///
/// Never traps: documents over `maximumBytes` and nesting deeper than `maximumDepth` are refused
/// before the JSON decoder runs; every other fault is an `OSVRecordProblem` naming the field.
/// Fields Launchpad does not use are not read, so they may hold anything.
public enum OSVRecordParser {
    /// 4 MiB.
    public static let maximumBytes = 4 * 1024 * 1024
    /// Arrays and objects nested deeper than this are refused.
    public static let maximumDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(OSVRecordProblem) -> OSVRecord {
        guard bytes.count <= maximumBytes else {
            throw OSVRecordProblem(.tooLarge, "the document is \(bytes.count) bytes, over the limit of \(maximumBytes)")
        }
        guard !JSONDepth.exceeds(bytes, limit: maximumDepth) else {
            throw OSVRecordProblem(.tooDeep, "the document nests arrays and objects deeper than \(maximumDepth) levels")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw OSVRecordProblem(.notJSON, "the document is not JSON: \(error)")
        }
        return try document.record()
    }

    static func problem(_ error: DecodingError) -> OSVRecordProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let field = JSONShape.path(context.codingPath + [key])
            return OSVRecordProblem(.missingField, field: field, "\(field) is missing")
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            return OSVRecordProblem(.notJSON, "the document is not a JSON object (expected \(JSONShape.words(for: type)))")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = JSONShape.path(context.codingPath)
            return OSVRecordProblem(.wrongType, field: field, "\(field) is not \(JSONShape.words(for: type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return OSVRecordProblem(.notJSON, "the document is not JSON")
        case .dataCorrupted(let context):
            let field = JSONShape.path(context.codingPath)
            return OSVRecordProblem(.wrongType, field: field, "\(field) is not valid: \(context.debugDescription)")
        @unknown default:
            return OSVRecordProblem(.notJSON, "the document could not be decoded: \(error)")
        }
    }
}

extension OSVRecordParser {
    /// The JSON shape of the fields read, with OSV's key names.
    struct Document: Decodable {
        var id: String
        var modified: String
        var published: String?
        var withdrawn: String?
        var aliases: [String]?
        var summary: String?
        var details: String?
        var severity: [Severity]?
        var database_specific: DatabaseSpecific?
        var affected: [Affected]?

        func record() throws(OSVRecordProblem) -> OSVRecord {
            OSVRecord(
                id: id,
                modified: try Self.date(modified, field: "modified"),
                published: try published.map { (text) throws(OSVRecordProblem) in try Self.date(text, field: "published") },
                withdrawn: try withdrawn.map { (text) throws(OSVRecordProblem) in try Self.date(text, field: "withdrawn") },
                aliases: aliases ?? [],
                summary: Self.summary(summary, details: details),
                severity: (severity ?? []).map(\.osv),
                databaseSpecificSeverity: database_specific?.severity,
                affected: try (affected ?? []).enumerated().map { (index, entry) throws(OSVRecordProblem) in
                    try entry.affected(field: "affected[\(index)]")
                })
        }

        static func date(_ text: String, field: String) throws(OSVRecordProblem) -> Date {
            guard let date = RFC3339.date(text) else {
                throw OSVRecordProblem(.invalidDate, field: field, "\(field) '\(text)' is not an RFC 3339 timestamp")
            }
            return date
        }

        /// `summary`, else the first non-blank line of `details`, else "".
        static func summary(_ summary: String?, details: String?) -> String {
            if let summary, !summary.isEmpty { return summary }
            let lines = (details ?? "").split(whereSeparator: \.isNewline)
            let first = lines.first { !$0.allSatisfy(\.isWhitespace) }
            return first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
    }

    struct Severity: Decodable {
        var type: String
        var score: String

        var osv: OSVSeverityScore { OSVSeverityScore(type: type, score: score) }
    }

    /// `database_specific` is free-form: only a string `severity` is read, anything else is ignored.
    struct DatabaseSpecific: Decodable {
        var severity: String?

        enum CodingKeys: String, CodingKey { case severity }

        init(from decoder: any Decoder) {
            let container = try? decoder.container(keyedBy: CodingKeys.self)
            severity = (try? container?.decodeIfPresent(String.self, forKey: .severity)) ?? nil
        }
    }

    struct Package: Decodable {
        var ecosystem: String
        var name: String
    }

    struct Affected: Decodable {
        var package: Package?
        var ranges: [Range]?
        var versions: [String]?
        var severity: [Severity]?

        func affected(field: String) throws(OSVRecordProblem) -> OSVAffected {
            OSVAffected(
                ecosystem: package?.ecosystem ?? "",
                name: package?.name ?? "",
                ranges: try (ranges ?? []).enumerated().map { (index, range) throws(OSVRecordProblem) in
                    try range.range(field: "\(field).ranges[\(index)]")
                },
                versions: versions ?? [],
                severity: (severity ?? []).map(\.osv))
        }
    }

    struct Range: Decodable {
        var type: String
        var events: [[String: String]]

        func range(field: String) throws(OSVRecordProblem) -> OSVRange {
            guard let rangeType = OSVRangeType(rawValue: type) else {
                throw OSVRecordProblem(.unknownRangeType, field: "\(field).type", "\(field).type '\(type)' is not SEMVER, ECOSYSTEM or GIT")
            }
            return OSVRange(type: rangeType, events: try events.enumerated().map { (index, event) throws(OSVRecordProblem) in
                try Self.event(event, field: "\(field).events[\(index)]")
            })
        }

        /// An event has exactly one key, one of the four OSV defines.
        static func event(_ object: [String: String], field: String) throws(OSVRecordProblem) -> OSVEvent {
            guard object.count == 1, let (key, version) = object.first else {
                throw OSVRecordProblem(.invalidRange, field: field, "\(field) must have exactly one of introduced, fixed, last_affected, limit")
            }
            switch key {
            case "introduced": return .introduced(version)
            case "fixed": return .fixed(version)
            case "last_affected": return .lastAffected(version)
            case "limit": return .limit(version)
            default:
                throw OSVRecordProblem(.invalidRange, field: "\(field).\(key)", "\(field).\(key) is not an OSV event (introduced, fixed, last_affected, limit)")
            }
        }
    }
}
