internal import COpenSSL

/// AES-256-GCM sealing of small secrets (platform tokens) under one 32-byte key.
///
/// A sealed box is `0x01 | nonce (12) | ciphertext | tag (16)`; the nonce is random per seal, and
/// `associatedData` (the agent id) binds a box to its owner so that it cannot be moved to another.
public struct SecretBox: Sendable {
    public static let keyByteCount = 32
    private static let nonceByteCount = 12
    private static let tagByteCount = 16
    private static let version: UInt8 = 1

    private let key: [UInt8]

    public init(key: [UInt8]) throws(SecretBoxError) {
        guard key.count == Self.keyByteCount else { throw SecretBoxError("the key must be 32 bytes, not \(key.count)") }
        self.key = key
    }

    public func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(SecretBoxError) -> [UInt8] {
        try seal(plaintext, associatedData: associatedData, nonce: SecureRandom.bytes(Self.nonceByteCount))
    }

    /// Sealing with a given nonce, for the published test vectors; never reuse a nonce under one key.
    func seal(_ plaintext: [UInt8], associatedData: [UInt8], nonce: [UInt8]) throws(SecretBoxError) -> [UInt8] {
        let context = try CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: Self.tagByteCount)
        var length: Int32 = 0
        var total = 0
        guard EVP_EncryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceByteCount), nil) == 1,
              EVP_EncryptInit_ex(context.pointer, nil, nil, key, nonce) == 1 else { throw SecretBoxError("cannot start AES-256-GCM") }
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)) == 1 else { throw SecretBoxError("associated data rejected") }
        }
        guard ciphertext.withUnsafeMutableBufferPointer({ EVP_EncryptUpdate(context.pointer, $0.baseAddress, &length, plaintext, Int32(plaintext.count)) }) == 1 else {
            throw SecretBoxError("encryption failed")
        }
        total = Int(length)
        guard ciphertext.withUnsafeMutableBufferPointer({ EVP_EncryptFinal_ex(context.pointer, $0.baseAddress! + total, &length) }) == 1,
              tag.withUnsafeMutableBufferPointer({ EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagByteCount), $0.baseAddress) }) == 1 else {
            throw SecretBoxError("encryption failed")
        }
        total += Int(length)
        return [Self.version] + nonce + ciphertext[..<total] + tag
    }

    /// The plaintext, or an error when the box was altered, sealed under another key, or for other associated data.
    public func open(_ box: [UInt8], associatedData: [UInt8] = []) throws(SecretBoxError) -> [UInt8] {
        guard box.count >= 1 + Self.nonceByteCount + Self.tagByteCount, box[0] == Self.version else { throw SecretBoxError("not a sealed secret") }
        let nonce = Array(box[1..<(1 + Self.nonceByteCount)])
        let ciphertext = Array(box[(1 + Self.nonceByteCount)..<(box.count - Self.tagByteCount)])
        var tag = Array(box[(box.count - Self.tagByteCount)...])
        let context = try CipherContext()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceByteCount), nil) == 1,
              EVP_DecryptInit_ex(context.pointer, nil, nil, key, nonce) == 1 else { throw SecretBoxError("cannot start AES-256-GCM") }
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)) == 1 else { throw SecretBoxError("associated data rejected") }
        }
        guard plaintext.withUnsafeMutableBufferPointer({ EVP_DecryptUpdate(context.pointer, $0.baseAddress, &length, ciphertext, Int32(ciphertext.count)) }) == 1 else {
            throw SecretBoxError("decryption failed")
        }
        let total = Int(length)
        guard tag.withUnsafeMutableBufferPointer({ EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagByteCount), $0.baseAddress) }) == 1,
              plaintext.withUnsafeMutableBufferPointer({ EVP_DecryptFinal_ex(context.pointer, $0.baseAddress! + total, &length) }) == 1 else {
            throw SecretBoxError("the secret was altered or sealed under another key")
        }
        return Array(plaintext[..<(total + Int(length))])
    }
}

/// Why sealing or opening failed. Never carries the secret.
public struct SecretBoxError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One EVP_CIPHER_CTX, freed in deinit.
private final class CipherContext {
    let pointer: OpaquePointer

    init() throws(SecretBoxError) {
        guard let pointer = EVP_CIPHER_CTX_new() else { throw SecretBoxError("EVP_CIPHER_CTX_new failed") }
        self.pointer = pointer
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }
}
