/// An agent seen as an instance: the size preset it was made with (`cx21`), the registered
/// runtime image it runs (`reference`), and the region a caller asked for (stored and shown; a
/// runtime that knows regions uses it).
public struct InstanceSettings: Codable, Sendable, Equatable {
    public var type: String?
    public var image: String?
    public var region: String?

    public init(type: String? = nil, image: String? = nil, region: String? = nil) {
        self.type = type
        self.image = image
        self.region = region
    }
}
