import LaunchpadCore
import LaunchpadHTTP

/// The body of POST /v1/instances, and of PATCH and PUT (where every field may be left out):
/// `{"metadata": {"name", "labels"}, "spec": {"type", "image", "region", "replicas"}}`.
public struct InstanceBody: Decodable, Sendable {
    public var request: InstanceRequest

    enum CodingKeys: String, CodingKey, CaseIterable { case metadata, spec }

    struct Metadata: Decodable {
        var name: String?
        var labels: [String: String]?
        enum CodingKeys: String, CodingKey, CaseIterable { case name, labels }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name, refusingNull: true)
            labels = try container.decodeIfPresent([String: String].self, forKey: .labels, refusingNull: true)
        }
    }

    struct Spec: Decodable {
        var type: String?
        var image: String?
        var region: String?
        var replicas: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case type, image, region, replicas }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type, refusingNull: true)
            image = try container.decodeIfPresent(String.self, forKey: .image, refusingNull: true)
            region = try container.decodeIfPresent(String.self, forKey: .region, refusingNull: true)
            replicas = try container.decodeIfPresent(Int.self, forKey: .replicas, refusingNull: true)
        }
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata, refusingNull: true)
        let spec = try container.decodeIfPresent(Spec.self, forKey: .spec, refusingNull: true)
        request = InstanceRequest(
            name: metadata?.name, labels: metadata?.labels, type: spec?.type, image: spec?.image, region: spec?.region, replicas: spec?.replicas)
    }
}
