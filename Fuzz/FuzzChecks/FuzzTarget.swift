/// The fuzz targets: each is one libFuzzer executable under `Fuzz/<rawValue>/`, with its seed corpus
/// in `Fuzz/corpus/<rawValue>/` and the inputs it once failed on in `Fuzz/regressions/<rawValue>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case jsonBodies = "FuzzJSONBodies"
    case router = "FuzzRouter"
    case queryParameters = "FuzzQueryParameters"
    case fastCGIParameters = "FuzzFastCGIParameters"
    case osvRecord = "FuzzOSVRecord"
    case advisoryEncoding = "FuzzAdvisoryEncoding"
    case packageLock = "FuzzPackageLock"
    case semanticVersion = "FuzzSemanticVersion"
    case cvss = "FuzzCVSS"
    case zipArchive = "FuzzZipArchive"
    case application = "FuzzApplication"

    /// Runs the target's property checks on one input; throws the first property that does not hold.
    public func check(_ input: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .jsonBodies: try JSONBodyProperties.check(input)
        case .router: try RouterProperties.check(input)
        case .queryParameters: try QueryParameterProperties.check(input)
        case .fastCGIParameters: try FastCGIParameterProperties.check(input)
        case .osvRecord: try OSVRecordProperties.check(input)
        case .advisoryEncoding: try AdvisoryEncodingProperties.check(input)
        case .packageLock: try PackageLockProperties.check(input)
        case .semanticVersion: try SemanticVersionProperties.check(input)
        case .cvss: try CVSSProperties.check(input)
        case .zipArchive: try ZipArchiveProperties.check(input)
        case .application: try ApplicationProperties.check(input)
        }
    }

    /// The body of `LLVMFuzzerTestOneInput`: a failed property traps, so that libFuzzer keeps the input.
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        do {
            try check(Array(UnsafeBufferPointer(start: data, count: size)))
        } catch {
            fatalError("\(rawValue): \(error)")
        }
        return 0
    }
}
