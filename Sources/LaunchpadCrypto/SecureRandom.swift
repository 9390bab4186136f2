internal import COpenSSL

/// Random bytes from OpenSSL's CSPRNG (`RAND_bytes`).
public enum SecureRandom {
    /// `count` random bytes. OpenSSL failing to seed is unrecoverable for a key issuer, so it traps.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let result = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(result == 1, "RAND_bytes failed: OpenSSL's random generator is not seeded")
        return bytes
    }

    /// `count` random bytes as lowercase hexadecimal (2 × `count` characters).
    public static func hex(_ count: Int) -> String {
        Hex.encode(bytes(count))
    }

    /// A random decimal string of `digits` digits (the first may be 0).
    public static func digits(_ digits: Int) -> String {
        String(bytes(digits).map { Character(Unicode.Scalar(UInt8(ascii: "0") + $0 % 10)) })
    }
}
