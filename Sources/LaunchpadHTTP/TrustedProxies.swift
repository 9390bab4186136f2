#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The proxies whose `X-Forwarded-For` is believed (CIDR ranges, IPv4 or IPv6). A request from
/// anywhere else keeps its own address: a client cannot name itself another one.
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var network: [UInt8]
        var prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var bits = prefixLength
            for index in network.indices where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != network[index] & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    let ranges: [Range]

    /// None: `X-Forwarded-For` is never believed.
    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses `10.0.0.0/8,127.0.0.1,::1/128`; fails on the first entry that is not an address or a range.
    public static func parse(_ text: String) -> Result<TrustedProxies, TrustedProxiesError> {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1)
            guard let network = Self.bytes(String(parts[0])) else { return .failure(TrustedProxiesError(entry: entry)) }
            let length = parts.count == 2 ? Int(parts[1]) : network.count * 8
            guard let length, (0...network.count * 8).contains(length) else { return .failure(TrustedProxiesError(entry: entry)) }
            ranges.append(Range(network: network, prefixLength: length))
        }
        return .success(TrustedProxies(ranges: ranges))
    }

    /// The client's address: `remote` itself unless it is a trusted proxy; then, walking
    /// `X-Forwarded-For` from the right (the entries nearest to us), the first address that is not
    /// a trusted proxy. Entries that are not addresses end the walk.
    public func clientAddress(remote: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, isTrusted(remote) else { return remote }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = remote
        for hop in hops.reversed() {
            guard Self.bytes(hop) != nil else { break }
            client = hop
            if !isTrusted(hop) { break }
        }
        return client
    }

    func isTrusted(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6; nil for anything else.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

/// An entry of `--trusted-proxies` that is neither an address nor a CIDR range.
public struct TrustedProxiesError: Error, Equatable, CustomStringConvertible {
    public var entry: String
    public var description: String { "'\(entry)' is not an IP address or a CIDR range" }
}

/// Sets each request's `remoteAddress` to its client's, through the trusted proxies: every later
/// step (the failed-authentication budget, events, the loopback check of /metrics) sees that one.
public struct ClientAddressMiddleware: Middleware {
    public let proxies: TrustedProxies

    public init(proxies: TrustedProxies) {
        self.proxies = proxies
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard proxies != .none else { return try next(request) }
        var request = request
        request.remoteAddress = proxies.clientAddress(remote: request.remoteAddress, forwardedFor: request.headers.values(of: "X-Forwarded-For"))
        return try next(request)
    }
}
