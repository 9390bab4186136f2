/// Kubernetes resource quantities: `512Mi`, `1Gi`, `1.5G`, `500m`, `2`.
public enum Quantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The quantity's value in base units (bytes for memory, cores for cpu), or nil when it is not a quantity.
    public static func parse(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 32 else { return nil }
        var number = Substring(text)
        var multiplier = 1.0
        for (suffix, value) in suffixes where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            multiplier = value
            break
        }
        let allowed = number.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
        guard allowed, !number.isEmpty, number.first != ".", number.last != ".", number.filter({ $0 == "." }).count <= 1,
              let value = Double(number), value.isFinite else { return nil }
        return value * multiplier
    }

    /// Memory in bytes (rounded up).
    public static func bytes(_ text: String) -> Int? {
        parse(text).flatMap { $0 <= 9.0e18 ? Int($0.rounded(.up)) : nil }
    }

    /// CPU in millicores (rounded up).
    public static func millicores(_ text: String) -> Int? {
        parse(text).flatMap { $0 <= 1.0e12 ? Int(($0 * 1000).rounded(.up)) : nil }
    }
}
