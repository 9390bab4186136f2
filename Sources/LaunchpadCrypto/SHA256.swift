internal import COpenSSL

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256 {
    public static let byteCount = 32

    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of the text's UTF-8, read where it lies (no copy of it).
    public static func hash(_ text: String) -> [UInt8] {
        hash(text[...])
    }

    /// The digest of the text's UTF-8, read where it lies (no copy of it).
    public static func hash(_ text: Substring) -> [UInt8] {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var length: UInt32 = 0
        var result: Int32 = 0
        let digest = [UInt8](unsafeUninitializedCapacity: byteCount) { output, initialized in
            result = EVP_Digest(bytes.baseAddress, bytes.count, output.baseAddress, &length, EVP_sha256(), nil)
            initialized = byteCount
        }
        precondition(result == 1 && length == UInt32(byteCount), "EVP_Digest(SHA-256) failed")
        return digest
    }
}
