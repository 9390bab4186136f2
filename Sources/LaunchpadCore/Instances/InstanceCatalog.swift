import LaunchpadDomain

/// What an instance may be made of: size presets by name (a `type`: CPU and memory) and the
/// registered runtime images (an `image`). An unknown name is refused, naming it.
public struct InstanceCatalog: Sendable, Equatable {
    /// One size preset.
    public struct Size: Sendable, Equatable {
        /// A CPU quantity (`500m`).
        public var cpu: String
        /// A memory quantity (`1Gi`).
        public var memory: String

        public init(cpu: String, memory: String) {
            self.cpu = cpu
            self.memory = memory
        }
    }

    public var types: [String: Size]
    public var images: Set<String>
    public var defaultType: String
    public var defaultImage: String

    /// Hetzner's names, sized for agents rather than for whole servers.
    public static let defaultTypes: [String: Size] = [
        "cx11": Size(cpu: "250m", memory: "256Mi"),
        "cx21": Size(cpu: "500m", memory: "512Mi"),
        "cx31": Size(cpu: "1", memory: "1Gi"),
        "cx41": Size(cpu: "2", memory: "2Gi"),
        "cx51": Size(cpu: "4", memory: "4Gi"),
    ]

    public init(types: [String: Size] = InstanceCatalog.defaultTypes, images: Set<String> = ["reference"], defaultType: String = "cx11", defaultImage: String = "reference") {
        self.types = types
        self.images = images
        self.defaultType = defaultType
        self.defaultImage = defaultImage
    }

    /// The size of `type`, or `invalid` naming it and the known ones.
    public func size(of type: String, field: String) throws(DomainError) -> Size {
        guard let size = types[type] else {
            throw DomainError(.invalid, "unknown instance type '\(type.prefix(64))' (known: \(types.keys.sorted().joined(separator: ", ")))", field: field)
        }
        return size
    }

    /// `image` when it is registered, or `invalid` naming it and the registered ones.
    public func image(_ image: String, field: String) throws(DomainError) -> String {
        guard images.contains(image) else {
            throw DomainError(.invalid, "unknown image '\(image.prefix(64))' (registered: \(images.sorted().joined(separator: ", ")))", field: field)
        }
        return image
    }

    /// A preset as `--instance-type` gives it: `name=cpu,memory` (`cx21=500m,512Mi`).
    public static func parseType(_ text: String) -> (name: String, size: Size)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let values = parts[1].split(separator: ",")
        guard values.count == 2, Quantity.millicores(String(values[0])) != nil, Quantity.bytes(String(values[1])) != nil else { return nil }
        return (String(parts[0]), Size(cpu: String(values[0]), memory: String(values[1])))
    }
}
