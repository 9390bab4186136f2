import Foundation
import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// Who is calling, and may they proceed now: the authentication of seed 001's route group, run for
/// every route that is not public (and for every path under `/api` that matches no route, so that
/// a caller without a key learns nothing of which paths exist):
///
/// 1. The key (`X-API-Key`, or `Authorization: Bearer`) is authenticated. A valid key is never
///    refused because of anyone else's failures, even from the same address (behind a NAT, say).
/// 2. A failure is counted against its address's budget of failed authentications: 401 while the
///    budget lasts, 429 once it is spent; the failure that exhausts it is an INVALID_API_KEY_BURST
///    event. Both paths do the same work (a hash, a lookup, one rate-limit write), so their
///    timing does not tell a valid key from an invalid one.
/// 3. The key's rate limit (GCRA, per key) is counted; over it is 429 with `Retry-After`.
///
/// The rate-limit headers go on every response of a limited route, errors included: they are left
/// in the request's context, and the responder adds them to whatever is answered.
struct IdentityMiddleware: Middleware {
    let services: Services
    /// Where the key's rate-limit state is kept (`key:` + key id): a dialect with limits of its
    /// own counts in buckets of its own.
    var bucket = "key:"
    /// The dialect's limit for every key; nil for seed 001's (the key's own, else its role's).
    var policy: RateLimitPolicy?

    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        _ = try authenticate(request)
        return try next(request)
    }

    /// The steps above for one request: its caller, recorded in its context with the rate-limit
    /// headers; or the 401 or 429. Public routes that say more to a caller with a key (health) use
    /// it too, so that a key is never checked without its failures counting.
    func authenticate(_ request: Request) throws -> Principal {
        let policies = services.configuration.rateLimits
        let key: AuthenticatedKey
        do {
            key = try services.identity.authenticatedKey(try Self.presentedKey(request.headers))
        } catch let failure as DomainError where failure.code == .unauthenticated {
            let outcome = try services.rateLimiter.consume("addr:" + request.remoteAddress, policy: policies.failedAuthentication)
            guard outcome.allowed else { throw outcome.decision.refusal }
            if outcome.remaining == 0 {
                try? recordBurst(from: request.remoteAddress, policy: policies.failedAuthentication)
            }
            request.context.rateLimit = outcome.decision
            throw failure
        }
        let principal = key.principal
        // The cached object, by reference: a `Principal` value would be boxed for the context.
        request.context.principal = key
        request.context.keyId = principal.keyId
        // lastLogin is best effort: a full disk must not turn every read into a 500.
        try? services.identity.noteUse(of: key.record)

        let decision = try services.rateLimiter.consume(bucket + principal.keyId, policy: policy ?? policies.policy(for: principal)).decision
        guard decision.allowed else { throw decision.refusal }
        request.context.rateLimit = decision
        return principal
    }

    /// The key from `X-API-Key` or `Authorization: Bearer <key>`. Two different keys, a repeated
    /// header, or a malformed Authorization value count as no key. Found in one pass over the
    /// headers, as a slice of the header's value: no list of values, no copy of the key.
    static func presentedKey(_ headers: HTTPHeaders) throws(DomainError) -> Substring {
        var apiKey: String?
        var authorization: String?
        for field in headers {
            if HTTPHeaders.same(field.name, "X-API-Key") {
                guard apiKey == nil else { throw IdentityService.invalidKey }
                apiKey = field.value
            } else if HTTPHeaders.same(field.name, "Authorization") {
                guard authorization == nil else { throw IdentityService.invalidKey }
                authorization = field.value
            }
        }
        let bearer = try authorization.map(Self.bearerToken)
        switch (apiKey?[...], bearer) {
        case (let key?, nil): return key
        case (nil, let key?): return key
        case (let key?, let other?) where key == other: return key
        default: throw IdentityService.invalidKey
        }
    }

    /// `<key>` of `Bearer <key>`: the scheme in any case, then exactly one space, then a key with
    /// no space in it.
    private static func bearerToken(_ authorization: String) throws(DomainError) -> Substring {
        let utf8 = authorization.utf8
        guard let space = utf8.firstIndex(of: UInt8(ascii: " ")) else { throw IdentityService.invalidKey }
        let scheme = utf8[..<space]
        let token = authorization[utf8.index(after: space)...]
        // `| 0x20` lowers an ASCII letter; every byte of "bearer" is one.
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }),
              !token.isEmpty, !token.utf8.contains(UInt8(ascii: " ")) else { throw IdentityService.invalidKey }
        return token
    }

    private func recordBurst(from address: String, policy: RateLimitPolicy) throws {
        try services.events.record(SecurityEvent(
            id: SecurityEvent.makeId(), type: .invalidAPIKeyBurst, severity: .high,
            message: "Repeated invalid API keys from \(address); further attempts are refused for a while",
            timestamp: Date(),
            details: ["address": address, "limit": "\(policy.burst) per \(policy.burstPeriodSeconds)s, \(policy.limit) per \(policy.periodSeconds)s"]))
    }
}

extension RateLimitOutcome {
    var decision: RateLimitDecision {
        RateLimitDecision(allowed: allowed, limit: limit, remaining: remaining, resetEpochSeconds: resetEpochSeconds, retryAfterSeconds: retryAfterSeconds)
    }
}

extension Request {
    /// The caller authenticated by `IdentityMiddleware`.
    func principal() throws -> Principal {
        guard let key = context.principal as? AuthenticatedKey else { throw IdentityService.invalidKey }
        return key.principal
    }

    /// The caller, when it holds `permission`; otherwise 403 and a PERMISSION_DENIED event.
    func principal(holding permission: Permission, _ identity: IdentityService) throws -> Principal {
        let principal = try principal()
        try identity.authorize(principal, permission, route: context.route ?? "unmatched")
        return principal
    }
}
