#if canImport(Glibc)
import Glibc
#endif

extension ReplicaSpec {
    /// The variables a child inherits from this process when its spec does not give them.
    static let inheritedVariables = ["PATH", "HOME", "LANG"]

    /// `PATH` for a child when neither its spec nor this process has one.
    static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// The child's environment: the spec's variables, the inherited ones it lacks, and the two
    /// identifying variables, which always come from the spec.
    func childEnvironment() -> [String: String] {
        var result = environment
        for name in Self.inheritedVariables where result[name] == nil {
            if let value = getenv(name) {
                result[name] = String(cString: value)
            }
        }
        if result["PATH"] == nil {
            result["PATH"] = Self.defaultSearchPath
        }
        result[LeftoverReplicas.agentIdVariable] = agentId
        result[LeftoverReplicas.replicaVariable] = replicaName
        return result
    }
}
