import Foundation

/// Small OSV records written for the scan tests: one npm package each, with the range and severity asked for.
enum OSVTestRecords {
    static func record(
        id: String, package: String, introduced: String = "0", fixed: String? = nil, lastAffected: String? = nil,
        severity: String? = "HIGH", aliases: [String] = [], modified: String = "2024-01-01T00:00:00Z", summary: String? = nil
    ) -> String {
        var events = [#"{"introduced":"\#(introduced)"}"#]
        if let fixed { events.append(#"{"fixed":"\#(fixed)"}"#) }
        if let lastAffected { events.append(#"{"last_affected":"\#(lastAffected)"}"#) }
        let aliasList = aliases.map { "\"\($0)\"" }.joined(separator: ",")
        let databaseSpecific = severity.map { #","database_specific":{"severity":"\#($0)"}"# } ?? ""
        return #"""
        {"schema_version":"1.6.0","id":"\#(id)","modified":"\#(modified)","published":"2023-01-01T00:00:00Z","aliases":[\#(aliasList)],
         "summary":"\#(summary ?? "\(severity ?? "a") problem in \(package)")",
         "affected":[{"package":{"ecosystem":"npm","name":"\#(package)"},"ranges":[{"type":"SEMVER","events":[\#(events.joined(separator: ","))]}]}]\#(databaseSpecific)}
        """#
    }

    /// Writes `records` as `<id>.json` files into a new directory under `root`.
    static func directory(_ records: [(id: String, json: String)], in root: String, named name: String = "osv") throws -> String {
        let directory = (root as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (id, json) in records {
            try json.write(toFile: (directory as NSString).appendingPathComponent("\(id).json"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A package-lock.json (lockfileVersion 3) with these packages.
    static func lockfile(_ packages: [(name: String, version: String)]) -> String {
        let entries = packages.map { #""node_modules/\#($0.name)":{"version":"\#($0.version)"}"# }
        return #"{"name":"agent","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"agent","version":"1.0.0"},\#(entries.joined(separator: ","))}}"#
    }
}
