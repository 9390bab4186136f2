import LaunchpadDomain

/// Shape rules shared by the identity bodies and the CLI.
public enum FieldRules {
    /// 3–64 characters of `[a-z0-9._-]`.
    public static func username(_ value: String) throws(DomainError) {
        guard (3...64).contains(value.utf8.count) else {
            throw DomainError.invalid(field: "username", "must be 3 to 64 characters long")
        }
        let allowed = value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        guard allowed else {
            throw DomainError.invalid(field: "username", "may contain only a-z, 0-9, '.', '_' and '-'")
        }
    }

    /// A user id as launchpad makes them: `user-` and 12 lowercase hexadecimal digits. Ids reach
    /// LMDB keys, so an untrusted one is checked here first (a U+0000 would end the key early).
    public static func userId(_ value: String, field: String) throws(DomainError) {
        let digits = value.utf8.dropFirst(5)
        guard value.hasPrefix("user-"), digits.count == 12, digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw DomainError.invalid(field: field, "expected a user id such as user-0123456789ab")
        }
    }

    /// Refuses U+0000 to U+001F and U+007F (and, unless `allowingLineBreaks`, tabs and line breaks
    /// too): they cut environment variables short, forge log lines, and mean nothing in a name.
    public static func noControlCharacters(_ value: String, field: String, allowingLineBreaks: Bool) throws(DomainError) {
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            if allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t") { continue }
            throw DomainError.invalid(field: field, "must not contain control characters (found U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))")
        }
    }

    /// `local@domain.tld`: one `@`, no spaces or control characters, a dot in the domain, at most 254 bytes.
    public static func email(_ value: String) throws(DomainError) {
        let problem = DomainError.invalid(field: "email", "must be an address such as name@example.com")
        guard value.utf8.count <= 254 else { throw problem }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, local.utf8.count <= 64 else { throw problem }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { throw problem }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { throw problem }
        let domainAllowed = domain.utf8.allSatisfy { (0x61...0x7A).contains($0 | 0x20) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x2E || $0 >= 0x80 }
        guard domainAllowed, (labels.last?.utf8.count ?? 0) >= 2 else { throw problem }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
