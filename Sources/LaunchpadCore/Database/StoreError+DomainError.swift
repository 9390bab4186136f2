import Foundation
import LaunchpadDomain
import LaunchpadStore

/// The one place that decides which store failures callers see as `storageUnavailable`: those
/// where the data directory cannot take a write. Nothing was written, nothing stored was harmed,
/// reads still work, and the same request succeeds once the directory can be written again. Every
/// other store failure stays an internal failure.
extension StoreError: DomainErrorConvertible {
    public var domainError: DomainError? {
        let problem: String
        switch code {
        case ENOSPC, EDQUOT: problem = "is full"
        case EROFS: problem = "is read-only"
        case EIO: problem = "failed to write (I/O error)"
        case StoreError.mapFull.code: problem = "cannot grow the database map any further"
        default: return nil
        }
        return DomainError(.storageUnavailable, "The data directory \(problem): nothing was written, and reads still work. Try again once it can be written.")
    }
}
