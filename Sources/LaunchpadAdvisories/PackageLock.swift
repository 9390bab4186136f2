import Foundation
import LaunchpadJSONDepth

/// Reads the installed packages of a package-lock.json, lockfileVersion 2 or 3 (npm 7 and later).
public enum PackageLock {
    /// Arrays and objects nested deeper than this are refused; a lockfile's `packages` map is flat.
    public static let maximumDepth = 64

    /// Every installed package, deduplicated, sorted by name then version.
    ///
    /// Reads the `packages` map. The name is the entry's `name` when present, else the path after the last
    /// `node_modules/` (a scoped name kept whole), else the path's last component (a workspace folder).
    /// The root `""` entry, `link: true` entries and entries that name no package (a path ending in
    /// `node_modules/`) are left out. Refuses: not JSON, not an object, a missing
    /// or unsupported `lockfileVersion` (1 included), a `packages` that is missing or not an object, and an
    /// entry without a string `version`. Never traps.
    public static func packages(from bytes: [UInt8]) throws(PackageLockProblem) -> [LockedPackage] {
        guard !JSONDepth.exceeds(bytes, limit: maximumDepth) else {
            throw PackageLockProblem(.tooDeep, field: "", "the lockfile nests arrays and objects deeper than \(maximumDepth) levels")
        }
        let document = try decode(bytes)
        switch document.lockfileVersion {
        case nil:
            throw PackageLockProblem(.missingField, field: "lockfileVersion", "lockfileVersion is missing")
        case 1:
            throw PackageLockProblem(.unsupportedVersion, field: "lockfileVersion", "lockfileVersion 1 (npm 6 and earlier) is not supported: run npm install with npm 7 or later to upgrade the lockfile")
        case 2, 3:
            break
        case let other?:
            throw PackageLockProblem(.unsupportedVersion, field: "lockfileVersion", "lockfileVersion \(other) is not supported (2 and 3 are)")
        }
        guard let entries = document.packages else {
            throw PackageLockProblem(.missingField, field: "packages", "packages is missing")
        }

        var packages = Set<LockedPackage>()
        // In path order, so that the first entry at fault is the one named, whatever the dictionary's order.
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) where !path.isEmpty && entry.link != true {
            guard let version = entry.version else {
                let field = JSONShape.path([Key("packages"), Key(path), Key("version")])
                throw PackageLockProblem(.missingField, field: field, "\(field) is missing")
            }
            let name = entry.name ?? name(fromPath: path)
            // A path ending in `node_modules/` (or an empty `name`) names no package an advisory could match.
            guard !name.isEmpty else { continue }
            packages.insert(LockedPackage(name: name, version: version))
        }
        return packages.sorted { ($0.name, $0.version) < ($1.name, $1.version) }
    }

    /// `node_modules/a/node_modules/@s/b` is `@s/b`; `packages/tool` (no node_modules) is `tool`.
    static func name(fromPath path: String) -> String {
        if let range = path.range(of: "node_modules/", options: .backwards) {
            return String(path[range.upperBound...])
        }
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func decode(_ bytes: [UInt8]) throws(PackageLockProblem) -> Document {
        do {
            return try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw PackageLockProblem(.notJSON, field: "", "the lockfile is not JSON: \(error)")
        }
    }

    private static func problem(_ error: DecodingError) -> PackageLockProblem {
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return PackageLockProblem(.notJSON, field: "", "the lockfile is not a JSON object")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = JSONShape.path(context.codingPath)
            return PackageLockProblem(.wrongType, field: field, "\(field) is not \(JSONShape.words(for: type))")
        case .keyNotFound(let key, let context):
            let field = JSONShape.path(context.codingPath + [key])
            return PackageLockProblem(.missingField, field: field, "\(field) is missing")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return PackageLockProblem(.notJSON, field: "", "the lockfile is not JSON")
        case .dataCorrupted(let context):
            let field = JSONShape.path(context.codingPath)
            return PackageLockProblem(.wrongType, field: field, "\(field) is not valid: \(context.debugDescription)")
        @unknown default:
            return PackageLockProblem(.notJSON, field: "", "the lockfile could not be decoded: \(error)")
        }
    }

    /// Both optional so that a v1 lockfile, which has no `packages`, is refused for its version.
    private struct Document: Decodable {
        var lockfileVersion: Int?
        var packages: [String: Entry]?
    }

    private struct Entry: Decodable {
        var name: String?
        var version: String?
        var link: Bool?
    }

    /// A coding key for naming fields the decoder did not fail on.
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ stringValue: String) { self.stringValue = stringValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
