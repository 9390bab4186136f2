import Synchronization

/// Request ids: `req-` and 16 hexadecimal digits, distinct for every request of a process.
///
/// Each is a counter mixed by a bijection (splitmix64's finalizer) under a key drawn once per
/// process: no two requests of a process share an id, and ids do not reveal how many requests
/// came before. One `getrandom` call per request had cost a microsecond.
public enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    private static let key: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()

    public static func make() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let value = mix((count &* 0x9E37_79B9_7F4A_7C15) ^ key)
        // Written into the string's own storage: one allocation per request.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            for (index, byte) in "req-".utf8.enumerated() { buffer[index] = byte }
            for index in 0..<16 {
                buffer[4 + index] = hexDigits[Int(value >> UInt64(60 - 4 * index) & 0xF)]
            }
            return 20
        }
    }

    /// splitmix64's finalizer: a bijection on 64 bits that spreads every input bit over the output.
    static func mix(_ input: UInt64) -> UInt64 {
        var value = input
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
