/// Which findings stop a deployment and which only warn (DESIGN.md, "Security scan": any CRITICAL
/// blocks, HIGH is a warning).
public struct ScanPolicy: Sendable, Equatable {
    /// Findings at or above this block create, update and restart; nil never blocks.
    public var blockAt: Severity?
    /// Findings at or above this (and below `blockAt`) deploy with a warning event.
    public var warnAt: Severity

    public init(blockAt: Severity? = .critical, warnAt: Severity = .high) {
        self.blockAt = blockAt
        self.warnAt = warnAt
    }

    func blocks(_ severity: Severity) -> Bool {
        guard let blockAt else { return false }
        return severity >= blockAt
    }

    func warns(_ severity: Severity) -> Bool {
        !blocks(severity) && severity >= warnAt
    }
}
