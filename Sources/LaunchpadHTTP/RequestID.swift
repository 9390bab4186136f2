/// Request ids: `req-` and 16 random hexadecimal digits.
public enum RequestID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return "req-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
