import LaunchpadCore
import LaunchpadHTTP

/// The body of POST /api/instances: `{name?, region?}`.
public struct CreateInstanceBody: Decodable, Sendable {
    public var request: InstanceRequest

    enum CodingKeys: String, CodingKey, CaseIterable { case name, region }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        request = InstanceRequest(
            name: try container.decodeIfPresent(String.self, forKey: .name, refusingNull: true),
            region: try container.decodeIfPresent(String.self, forKey: .region, refusingNull: true))
    }
}
