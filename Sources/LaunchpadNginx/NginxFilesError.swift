#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A template that cannot be read, or a rendered file that cannot be written: one line that names
/// the file, the reason and what to do.
public enum NginxFilesError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the nginx template \(path): \(reason); --nginx-templates must name a directory holding "
                + "\(NginxFiles.templateName) and \(NginxFiles.fastcgiParamsName) (leave it out to use the built-in ones)"
        case .unwritable(let path, let reason):
            "cannot write \(path): \(reason); check the data directory (--data)"
        }
    }

    /// The system's reason for a Foundation file error ("No such file or directory"), not its
    /// dump of domains and user info.
    static func reason(of error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileReadInapplicableStringEncoding.rawValue {
            return "not UTF-8 text"
        }
        return error.localizedDescription
    }
}
