import LaunchpadCrypto

/// A replica's name: `<agentId>-<generation>-<five letters and digits>`, as Kubernetes names pods.
enum ReplicaName {
    private static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func make(agentId: String, generation: Int) -> String {
        "\(agentId)-\(generation)-" + String(SecureRandom.bytes(5).map { alphabet[Int($0) % alphabet.count] })
    }
}
