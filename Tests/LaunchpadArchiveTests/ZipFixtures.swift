import Foundation
import LaunchpadArchive
import Testing

/// The archives under fixtures/zip/, written by scripts/make-zip-fixtures.py.
enum ZipFixtures {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/fixtures/zip"
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func open(_ name: String, limits: ZipLimits = ZipLimits()) throws -> ZipArchive {
        try ZipArchive(path: path(name), limits: limits)
    }

    /// The start of the JSON the fixture script writes for record `index`.
    static func recordPrefix(_ index: Int) -> String {
        "{\"schema_version\":\"1.6.0\",\"id\":\"LP-FIXTURE-\(String(format: "%04d", index))\""
    }
}

extension ZipArchive {
    /// The named entry's contents or the problem that refused it; records an issue when there is no such entry.
    func result(of name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Result<[UInt8], ZipEntryProblem>? {
        guard let entry = entries.first(where: { $0.name == name }) else {
            Issue.record("no entry named \(name)", sourceLocation: sourceLocation)
            return nil
        }
        return Result { () throws(ZipEntryProblem) in try contents(of: entry) }
    }

    /// The code of the problem that refused the named entry, or nil when it was read.
    func refusal(of name: String, sourceLocation: SourceLocation = #_sourceLocation) -> ZipEntryProblem.Code? {
        guard case .failure(let problem) = result(of: name, sourceLocation: sourceLocation) else { return nil }
        #expect(problem.entryName == name, sourceLocation: sourceLocation)
        return problem.code
    }

    /// The named entry's contents as text, or nil when it was refused.
    func text(of name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard case .success(let bytes) = result(of: name, sourceLocation: sourceLocation) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The code of the error opening `name` with `limits`, or nil when it opened.
func openingFailure(_ path: String, limits: ZipLimits = ZipLimits()) -> ZipArchiveError? {
    do throws(ZipArchiveError) {
        _ = try ZipArchive(path: path, limits: limits)
        return nil
    } catch {
        return error
    }
}
