import LaunchpadCrypto

/// Five lowercase letters and digits, as Kubernetes suffixes pod names (`xz9k2`).
enum SecureRandomName {
    private static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func make() -> String {
        String(SecureRandom.bytes(5).map { alphabet[Int($0) % alphabet.count] })
    }
}
