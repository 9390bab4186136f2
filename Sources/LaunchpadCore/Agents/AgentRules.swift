import LaunchpadDomain
import LaunchpadAdvisories

/// The bounds an agent must stay within; configurable per server.
public struct AgentLimits: Sendable, Equatable {
    public var memoryBytes: ClosedRange<Int>
    public var millicores: ClosedRange<Int>
    public var replicas: ClosedRange<Int>
    /// Quotas per user.
    public var agentsPerUser: Int
    public var replicasPerUser: Int
    public var defaultMemory: String
    public var defaultCPU: String

    public init(
        memoryBytes: ClosedRange<Int> = (64 << 20)...(16 << 30), millicores: ClosedRange<Int> = 50...8000, replicas: ClosedRange<Int> = 0...20,
        agentsPerUser: Int = 20, replicasPerUser: Int = 40, defaultMemory: String = "512Mi", defaultCPU: String = "250m"
    ) {
        self.memoryBytes = memoryBytes
        self.millicores = millicores
        self.replicas = replicas
        self.agentsPerUser = agentsPerUser
        self.replicasPerUser = replicasPerUser
        self.defaultMemory = defaultMemory
        self.defaultCPU = defaultCPU
    }
}

/// Field checks for agent bodies; each failure names its field.
enum AgentRules {
    /// 3–63 of `[a-z0-9-]`, starting with a letter, not ending with `-`: it becomes a host name.
    static func name(_ value: String, field: String = "agentName") throws(DomainError) {
        guard (3...63).contains(value.utf8.count) else { throw DomainError.invalid(field: field, "must be 3 to 63 characters long") }
        guard let first = value.utf8.first, (0x61...0x7A).contains(first) else { throw DomainError.invalid(field: field, "must start with a letter a-z") }
        guard value.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else {
            throw DomainError.invalid(field: field, "may contain only a-z, 0-9 and '-'")
        }
        guard value.last != "-" else { throw DomainError.invalid(field: field, "must not end with '-'") }
    }

    /// Prose (a description, a system prompt, a bio line): at most `max` bytes, and no control
    /// character but tabs and line breaks.
    static func text(_ value: String, field: String, max: Int) throws(DomainError) {
        guard value.utf8.count <= max else { throw DomainError.invalid(field: field, "must be at most \(max) bytes") }
        try FieldRules.noControlCharacters(value, field: field, allowingLineBreaks: true)
    }

    /// A create's personality: required, since elizaOS runs no character without a bio or a system prompt.
    static func requiredPersonality(_ value: Personality?) throws(DomainError) -> Personality {
        guard let value else {
            throw DomainError.invalid(field: "personality", "is required, with a bio or a system prompt: elizaOS cannot run a character without one")
        }
        try personality(value)
        return value
    }

    /// Within the size limits, and with a bio line or a system prompt that is not empty (what
    /// openapi.yaml can say too).
    static func personality(_ value: Personality) throws(DomainError) {
        if let system = value.system { try text(system, field: "personality.system", max: 16_384) }
        for (list, name) in [(value.bio, "bio"), (value.adjectives, "adjectives"), (value.topics, "topics")] {
            guard list.count <= 100 else { throw DomainError.invalid(field: "personality.\(name)", "at most 100 entries") }
            for (index, item) in list.enumerated() {
                try text(item, field: "personality.\(name)[\(index)]", max: 2048)
            }
        }
        guard value.bio.contains(where: { !$0.isEmpty }) || value.system?.isEmpty == false else {
            throw DomainError.invalid(field: "personality", "needs a bio line or a system prompt that is not empty: elizaOS cannot run a character without one")
        }
    }

    /// npm package names (`name` or `@scope/name`, lowercase, at most 214 characters) with an optional `@version`.
    static func plugins(_ value: [String]) throws(DomainError) {
        guard value.count <= 50 else { throw DomainError.invalid(field: "selectedPlugins", "at most 50 plugins") }
        for (index, plugin) in value.enumerated() {
            guard let parsed = PluginName(plugin) else {
                throw DomainError.invalid(field: "selectedPlugins[\(index)]", "must be an npm package name with an optional @version, such as @elizaos/plugin-discord@1.0.0")
            }
            // A pinned version is one exact version: a range (^1.0.0, >=1, *) would let what runs
            // differ from what the scan checked.
            if let version = parsed.version, parsed.exactVersion == nil {
                throw DomainError.invalid(field: "selectedPlugins[\(index)]", "a pinned version must be an exact version such as 1.2.3, not a range: '\(version)'")
            }
        }
        let names = value.compactMap { PluginName($0)?.name }
        if Set(names).count != names.count { throw DomainError.invalid(field: "selectedPlugins", "lists a plugin twice") }
    }

    static func resources(_ value: Resources, limits: AgentLimits) throws(DomainError) {
        guard let bytes = Quantity.bytes(value.memory) else {
            throw DomainError.invalid(field: "resources.memory", "must be a quantity such as 512Mi or 1Gi")
        }
        guard limits.memoryBytes.contains(bytes) else {
            throw DomainError.invalid(field: "resources.memory", "must be from \(limits.memoryBytes.lowerBound >> 20)Mi to \(limits.memoryBytes.upperBound >> 30)Gi")
        }
        guard let millicores = Quantity.millicores(value.cpu) else {
            throw DomainError.invalid(field: "resources.cpu", "must be a quantity such as 500m or 2")
        }
        guard limits.millicores.contains(millicores) else {
            throw DomainError.invalid(field: "resources.cpu", "must be from \(limits.millicores.lowerBound)m to \(limits.millicores.upperBound / 1000)")
        }
        try replicas(value.replicas, limits: limits, field: "resources.replicas")
    }

    static func replicas(_ value: Int, limits: AgentLimits, field: String) throws(DomainError) {
        guard limits.replicas.contains(value) else {
            throw DomainError.invalid(field: field, "must be from \(limits.replicas.lowerBound) to \(limits.replicas.upperBound)")
        }
    }

    /// The packages of a package-lock.json given as `packageLock`; its problems name the field inside it.
    static func lockedPackages(_ bytes: [UInt8]) throws(DomainError) -> [LockedPackage] {
        do {
            let packages = try PackageLock.packages(from: bytes)
            guard packages.count <= 20_000 else { throw DomainError.invalid(field: "packageLock.packages", "at most 20000 packages") }
            return packages
        } catch let problem as PackageLockProblem {
            throw DomainError.invalid(field: "packageLock" + (problem.field.isEmpty ? "" : "." + problem.field), problem.description)
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError.invalid(field: "packageLock", "\(error)")
        }
    }

    static func platforms(_ value: [String: [String: String]]) throws(DomainError) {
        for name in value.keys.sorted() {
            try Platform.validate(name, value[name]!)
        }
    }
}

/// `@scope/name@version` split into its name and version.
struct PluginName {
    let name: String
    let version: String?

    init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 214 + 64 else { return nil }
        var name = Substring(text)
        var version: Substring?
        let searchStart = text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
        if let at = text[searchStart...].firstIndex(of: "@") {
            name = text[..<at]
            version = text[text.index(after: at)...]
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.hasPrefix("@") {
            guard parts.count == 2, parts[0].count > 1 else { return nil }
        } else {
            guard parts.count == 1 else { return nil }
        }
        let isNameByte: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F || $0 == 0x7E }
        for (index, part) in parts.enumerated() {
            let body = index == 0 && name.hasPrefix("@") ? part.dropFirst() : part
            guard !body.isEmpty, body.utf8.count <= 214, body.utf8.allSatisfy(isNameByte), body.first != ".", body.first != "_" else { return nil }
        }
        if let version {
            guard !version.isEmpty, version.utf8.count <= 64,
                  version.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0 | 0x20) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x5E || $0 == 0x7E || $0 == 0x3C || $0 == 0x3E || $0 == 0x3D || $0 == 0x2A })
            else { return nil }
        }
        self.name = String(name)
        self.version = version.map(String.init)
    }

    /// The version when it names exactly one (`1.2.3`, not `^1.2.3` or `latest`).
    var exactVersion: SemanticVersion? {
        version.flatMap(SemanticVersion.init)
    }
}
