internal import COpenSSL

/// Comparison whose time does not depend on where the inputs differ (`CRYPTO_memcmp`).
public enum ConstantTime {
    /// True when `a` and `b` are equal. Lengths are public (digests have a fixed length), so a length
    /// mismatch returns at once.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 }
        }
    }
}
