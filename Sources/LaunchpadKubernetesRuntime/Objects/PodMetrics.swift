import LaunchpadDomain

/// One pod's figures from `metrics.k8s.io/v1beta1`: each container's CPU rate and memory over the
/// metrics server's window.
struct PodMetrics: Decodable, Sendable, Equatable {
    struct Meta: Decodable, Sendable, Equatable {
        var name: String
    }

    struct Container: Decodable, Sendable, Equatable {
        var name: String
        var usage: [String: String]
    }

    var metadata: Meta
    var containers: [Container]

    /// The pod's containers together; nil when a figure is missing or is not a quantity (a pod
    /// is measured whole or not at all).
    var usage: ResourceUsage? {
        var cores = 0.0
        var bytes = 0
        for container in containers {
            guard let cpu = container.usage["cpu"].flatMap(Quantity.parse), let memory = container.usage["memory"].flatMap(Quantity.bytes) else { return nil }
            cores += cpu
            bytes += memory
        }
        return containers.isEmpty ? nil : ResourceUsage(cpuCores: cores, memoryBytes: bytes)
    }
}
