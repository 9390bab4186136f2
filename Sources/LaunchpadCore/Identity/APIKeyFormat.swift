import LaunchpadCrypto

/// `alk_` and 64 lowercase hexadecimal digits: 32 bytes from RAND_bytes.
enum APIKeyFormat {
    static let prefix = "alk_"
    static let hexLength = 64

    static func generate() -> String {
        prefix + SecureRandom.hex(hexLength / 2)
    }

    /// Whether `text` has the shape of a key (it says nothing about whether the key exists).
    static func isWellFormed(_ text: Substring) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == prefix.utf8.count + hexLength, text.hasPrefix(prefix) else { return false }
        return utf8.dropFirst(prefix.utf8.count).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Whether `text` has the shape of a key id: `key_` and 12 digits.
    static func isWellFormedKeyId(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst(4)
        return text.hasPrefix("key_") && digits.count == 12 && digits.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `key_` and 12 random digits.
    static func generateKeyId() -> String {
        "key_" + SecureRandom.digits(12)
    }
}
