/// A new instance, or the changes to one (each nil leaves a field as it is, or to its default),
/// as the instance dialects describe it.
public struct InstanceRequest: Sendable, Equatable {
    public var name: String?
    public var labels: [String: String]?
    public var type: String?
    public var image: String?
    public var region: String?
    public var replicas: Int?

    public init(name: String? = nil, labels: [String: String]? = nil, type: String? = nil, image: String? = nil, region: String? = nil, replicas: Int? = nil) {
        self.name = name
        self.labels = labels
        self.type = type
        self.image = image
        self.region = region
        self.replicas = replicas
    }
}
