#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The host's CPU, memory and storage, read from /proc/stat, /proc/meminfo and statvfs.
public final class HostResources: @unchecked Sendable {
    private let lock = NSLock()
    /// The /proc/stat counters that the next CPU figure is measured from.
    private var lastCPU: (busy: Double, total: Double)?
    private var lastCPUReading: SystemMetricsReport.Resource<Double>?

    public init() {}

    /// Cores in use out of the host's cores, over the interval since the previous call; on the
    /// first call, since boot. Two calls within one clock tick give the same figure.
    func cpu() -> SystemMetricsReport.Resource<Double> {
        let cores = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first,
              line.hasPrefix("cpu ") else { return .init(total: cores, used: 0, percentage: 0) }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return .init(total: cores, used: 0, percentage: 0) }
        let idle = values[3] + values[4]
        let total = values.reduce(0, +)
        return lock.withLock {
            let previous = lastCPU ?? (busy: 0, total: 0)
            guard total > previous.total else { return lastCPUReading ?? .init(total: cores, used: 0, percentage: 0) }
            lastCPU = (total - idle, total)
            let used = oneDecimal((total - idle - previous.busy) / (total - previous.total) * cores)
            let reading = SystemMetricsReport.Resource(total: cores, used: used, percentage: percentage(used, of: cores))
            lastCPUReading = reading
            return reading
        }
    }

    func memory() -> SystemMetricsReport.Resource<Int> {
        let kibibytes = Self.memoryInformation()
        let total = (kibibytes["MemTotal"] ?? 0) * 1024
        let used = total - (kibibytes["MemAvailable"].map { $0 * 1024 } ?? total)
        return .init(total: total, used: used, percentage: percentage(Double(used), of: Double(total)))
    }

    /// The host's memory in bytes (MemTotal).
    public static func totalMemory() -> Int {
        (memoryInformation()["MemTotal"] ?? 0) * 1024
    }

    /// /proc/meminfo's figures, in KiB.
    private static func memoryInformation() -> [String: Int] {
        var kibibytes: [String: Int] = [:]
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
                if parts.count >= 2, let value = Int(parts[1]) { kibibytes[String(parts[0])] = value }
            }
        }
        return kibibytes
    }

    func storage(of path: String) -> SystemMetricsReport.Resource<Int> {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return .init(total: 0, used: 0, percentage: 0) }
        let total = Int(stats.f_blocks) * Int(stats.f_frsize)
        let used = total - Int(stats.f_bavail) * Int(stats.f_frsize)
        return .init(total: total, used: used, percentage: percentage(Double(used), of: Double(total)))
    }
}
