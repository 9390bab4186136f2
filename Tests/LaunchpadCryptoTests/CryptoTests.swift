@testable import LaunchpadCrypto
import Testing

struct CryptoTests {
    @Test func sha256MatchesPublishedVectors() {
        #expect(Hex.encode(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hash("[abc]".dropFirst().dropLast()) == SHA256.hash("abc"), "a slice is hashed as its own bytes, not its base string's")
        #expect(SHA256.hash(Array("abc".utf8)) == SHA256.hash("abc"))
    }

    @Test func randomBytesHaveTheLengthAndDiffer() {
        let a = SecureRandom.bytes(32)
        let b = SecureRandom.bytes(32)
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)
        #expect(SecureRandom.hex(32).count == 64)
        let digits = SecureRandom.digits(9)
        #expect(digits.count == 9 && digits.allSatisfy(\.isNumber))
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }

    @Test func hexRoundTrips() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff]
        #expect(Hex.encode(bytes) == "00017f80ff")
        #expect(Hex.decode("00017F80ff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}

struct SecretBoxTests {
    @Test func sealsAndOpens() throws {
        let box = try SecretBox(key: SecureRandom.bytes(32))
        let secret = Array("discord-token-123".utf8)
        let sealed = try box.seal(secret, associatedData: Array("agent-a".utf8))
        #expect(!sealed.starts(with: secret) && sealed.count == 1 + 12 + secret.count + 16)
        #expect(try box.open(sealed, associatedData: Array("agent-a".utf8)) == secret)
        #expect(try box.seal(secret) != box.seal(secret), "a fresh nonce each time")
    }

    @Test func refusesAlteredBoxesOtherKeysAndOtherOwners() throws {
        let key = SecureRandom.bytes(32)
        let box = try SecretBox(key: key)
        var sealed = try box.seal(Array("token".utf8), associatedData: [1])
        #expect(throws: SecretBoxError.self) { try box.open(sealed, associatedData: [2]) }
        #expect(throws: SecretBoxError.self) { try SecretBox(key: SecureRandom.bytes(32)).open(sealed, associatedData: [1]) }
        sealed[14] ^= 1
        #expect(throws: SecretBoxError.self) { try box.open(sealed, associatedData: [1]) }
        #expect(throws: SecretBoxError.self) { try SecretBox(key: [1, 2, 3]) }
    }

    /// The GCM specification's test cases 13 and 14: the all-zero 256-bit key and 96-bit IV, with an
    /// empty plaintext and with 16 zero bytes.
    @Test func agreesWithThePublishedVectors() throws {
        let box = try SecretBox(key: [UInt8](repeating: 0, count: 32))
        let nonce = [UInt8](repeating: 0, count: 12)
        let empty = try box.seal([], associatedData: [], nonce: nonce)
        #expect(Hex.encode(Array(empty.suffix(16))) == "530f8afbc74536b9a963b4f1c4cb738b")
        let zeros = try box.seal([UInt8](repeating: 0, count: 16), associatedData: [], nonce: nonce)
        #expect(Hex.encode(Array(zeros[13..<29])) == "cea7403d4d606b6e074ec5d3baf39d18")
        #expect(Hex.encode(Array(zeros.suffix(16))) == "d0d1c8a799996bf0265b98b5d48ab919")
        #expect(try box.open(zeros) == [UInt8](repeating: 0, count: 16))
    }
}
