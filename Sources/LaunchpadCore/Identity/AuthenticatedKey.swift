/// A key's stored record with the principal it stands for, made once per stored version of the
/// record (`IdentityService`'s decode cache keeps it) and handed out by reference: a request's
/// context holds this object, where a `Principal` value was boxed for every request.
public final class AuthenticatedKey: Decodable, Sendable {
    public let record: APIKeyRecord
    public let principal: Principal

    public init(from decoder: any Decoder) throws {
        record = try APIKeyRecord(from: decoder)
        principal = record.principal
    }
}
