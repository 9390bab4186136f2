/// The part of YAML a kubeconfig uses, as kubectl writes it: top-level scalars, and lists of
/// entries each with a `name` and one map of scalars (`cluster:`, `context:`, `user:`), in any order.
struct Kubeconfig {
    private struct Entry {
        var name: String?
        var maps: [String: [String: String]] = [:]
    }

    private var scalars: [String: String] = [:]
    /// list → entry name → map name → key → value.
    private var lists: [String: [String: [String: [String: String]]]] = [:]

    init(_ text: String) {
        var list: String?
        var entry: Entry?
        var map: String?
        var entryIndent = 0
        func commit() {
            if let list, let current = entry, let name = current.name { lists[list, default: [:]][name] = current.maps }
            entry = nil
            map = nil
        }
        for raw in text.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            var indent = line.prefix { $0 == " " }.count
            var content = line.dropFirst(indent)
            if content.hasPrefix("- ") {
                commit()
                content = content.dropFirst(2)
                indent += 2
                entryIndent = indent
                entry = Entry()
            }
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = content[..<colon].trimmingCharacters(in: .whitespaces)
            let value = Self.unquote(content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            if indent == 0 {
                commit()
                list = value.isEmpty ? key : nil
                if !value.isEmpty { scalars[key] = value }
            } else if entry != nil, indent == entryIndent {
                if key == "name" { entry?.name = value } else { map = value.isEmpty ? key : nil }
            } else if entry != nil, indent > entryIndent, let map {
                entry?.maps[map, default: [:]][key] = value
            }
        }
        commit()
    }

    func value(_ key: String) -> String? { scalars[key] }

    /// The map `field` of the entry named `name` in the list `list`.
    func named(_ list: String, _ name: String, _ field: String) -> [String: String]? {
        lists[list]?[name]?[field]
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }
}
