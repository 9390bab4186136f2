#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The host's CPU, memory and storage, read from /proc/stat, /proc/meminfo and statvfs.
public final class HostResources: @unchecked Sendable {
    private let lock = NSLock()
    private var lastCPU: (busy: Double, total: Double)?

    public init() {}

    /// Cores in use since the previous call (nil on the first), out of the host's cores.
    func cpu() -> SystemMetricsReport.Resource? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first,
              line.hasPrefix("cpu ") else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return nil }
        let idle = values[3] + values[4]
        let total = values.reduce(0, +)
        let cores = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        lock.lock()
        let previous = lastCPU
        lastCPU = (total - idle, total)
        lock.unlock()
        guard let previous, total > previous.total else { return nil }
        let share = (total - idle - previous.busy) / (total - previous.total)
        return .init(total: cores, used: oneDecimal(share * cores), percentage: oneDecimal(share * 100))
    }

    func memory() -> SystemMetricsReport.Resource {
        var fields: [String: Double] = [:]
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
                if parts.count >= 2, let kib = Double(parts[1]) { fields[String(parts[0])] = kib * 1024 }
            }
        }
        let total = fields["MemTotal"] ?? 0
        let used = total - (fields["MemAvailable"] ?? total)
        return .init(total: total, used: used, percentage: total > 0 ? oneDecimal(used / total * 100) : 0)
    }

    func storage(of path: String) -> SystemMetricsReport.Resource {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return .init(total: 0, used: 0, percentage: 0) }
        let total = Double(stats.f_blocks) * Double(stats.f_frsize)
        let used = total - Double(stats.f_bavail) * Double(stats.f_frsize)
        return .init(total: total, used: used, percentage: total > 0 ? oneDecimal(used / total * 100) : 0)
    }
}
