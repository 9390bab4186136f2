/// Why launchpad cannot put its replicas in cgroups here.
public struct CgroupProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
