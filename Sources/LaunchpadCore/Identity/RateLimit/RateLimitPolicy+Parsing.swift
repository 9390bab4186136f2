extension RateLimitPolicy {
    /// Parses `"100/15m"` (100 requests per 15 minutes, no burst limit) or `"100/15m,20/1m"`
    /// (and at most 20 per minute). A period is a whole number with a unit, `s`, `m` or `h`;
    /// the number may be left out for one unit (`"20/m"`). Spaces around the parts are ignored.
    ///
    /// Throws `RateLimitPolicyError` naming the problem: a missing `/`, a count or period that is
    /// not a positive whole number, an unknown unit, more than two limits, or figures that
    /// `validate()` refuses.
    public init(parsing text: String) throws(RateLimitPolicyError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw RateLimitPolicyError("\"\(text)\" has \(parts.count) limits; write one or two, as in \"100/15m,20/1m\"")
        }
        let main = try Self.parseLimit(parts[0], in: text)
        let burst = try parts.count == 2 ? Self.parseLimit(parts[1], in: text) : (count: 0, seconds: 0)
        self.init(limit: main.count, periodSeconds: main.seconds, burst: burst.count, burstPeriodSeconds: burst.seconds)
        try validate()
    }

    /// `COUNT/PERIOD`, such as `100/15m`.
    private static func parseLimit(_ part: Substring, in text: String) throws(RateLimitPolicyError) -> (count: Int, seconds: Int) {
        let trimmed = part.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw RateLimitPolicyError("\"\(text)\" has an empty limit; write COUNT/PERIOD, as in \"100/15m\"")
        }
        let halves = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else {
            throw RateLimitPolicyError("\"\(trimmed)\" is not COUNT/PERIOD, as in \"100/15m\"")
        }
        let countText = halves[0].trimmingSpaces
        guard let count = wholeNumber(countText), count >= 1 else {
            throw RateLimitPolicyError("the count \"\(countText)\" in \"\(trimmed)\" is not a whole number of at least 1")
        }
        let period = halves[1].trimmingSpaces
        guard let unit = period.last else {
            throw RateLimitPolicyError("\"\(trimmed)\" has no period after \"/\"; write a number and a unit (s, m or h), as in \"15m\"")
        }
        let unitSeconds: Int
        switch unit {
        case "s": unitSeconds = 1
        case "m": unitSeconds = 60
        case "h": unitSeconds = 3600
        default:
            throw RateLimitPolicyError("the period \"\(period)\" in \"\(trimmed)\" has no known unit; end it with s, m or h")
        }
        let amountText = period.dropLast()
        let amount: Int
        if amountText.isEmpty {
            amount = 1
        } else if let number = wholeNumber(amountText), number >= 1 {
            amount = number
        } else {
            throw RateLimitPolicyError("the period \"\(period)\" in \"\(trimmed)\" is not a whole number of at least 1 before its unit")
        }
        let (seconds, overflow) = amount.multipliedReportingOverflow(by: unitSeconds)
        guard !overflow, seconds <= maxPeriodSeconds else {
            throw RateLimitPolicyError("the period \"\(period)\" in \"\(trimmed)\" is longer than a year")
        }
        return (count, seconds)
    }

    /// ASCII digits only (no sign, no spaces), and small enough for an `Int`.
    private static func wholeNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(text)
    }
}

extension Substring {
    /// Without leading and trailing spaces (and tabs).
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
