import Foundation

/// The API's one time format: ISO 8601 in UTC to the second (`2024-01-15T10:30:00Z`).
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            write(date, into: buffer)
            return length
        }
    }

    /// Appends the 20 ASCII bytes of `format(date)` to `bytes`, with no array or string in between:
    /// an answer's dates are written straight into its JSON.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { write(date, into: $0.bindMemory(to: UInt8.self)) }
        withUnsafeBytes(of: &text) { bytes.append(contentsOf: $0.prefix(length)) }
    }

    /// The number of bytes of a formatted date (at most 24: `append` writes into three words).
    static let length = 20

    /// Writes `format(date)`'s bytes into `bytes`, which holds at least `length`.
    private static func write(_ date: Date, into bytes: UnsafeMutableBufferPointer<UInt8>) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = civil(days: secondOfDay < 0 ? days - 1 : days)
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        func put(_ value: Int64, at offset: Int, digits: Int) {
            var value = value
            for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, digits: 4)
        put(month, at: 5, digits: 2)
        put(day, at: 8, digits: 2)
        put(second / 3600, at: 11, digits: 2)
        put(second / 60 % 60, at: 14, digits: 2)
        put(second % 60, at: 17, digits: 2)
        (bytes[4], bytes[7], bytes[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
        (bytes[13], bytes[16], bytes[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses `2024-01-15T10:30:00Z`, with optional fractional seconds or a `+hh:mm` offset.
    public static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text) ?? withFraction.date(from: text)
    }
}
