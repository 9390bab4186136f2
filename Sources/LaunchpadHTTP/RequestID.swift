/// Request ids: `req-` and 16 random hexadecimal digits.
public enum RequestID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        // Written into the string's own storage: one allocation per request, not four.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            for (index, byte) in "req-".utf8.enumerated() { buffer[index] = byte }
            for index in 0..<16 {
                buffer[4 + index] = hexDigits[Int(value >> UInt64(60 - 4 * index) & 0xF)]
            }
            return 20
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
