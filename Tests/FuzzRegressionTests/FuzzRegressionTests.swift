import Foundation
import FuzzChecks
import LaunchpadTestSupport
import Testing

/// The fuzz targets' properties, without the fuzzer: on every input a target once failed on
/// (`Fuzz/regressions/<target>/`, fixed since) and on its seed corpus (`Fuzz/corpus/<target>/`).
struct FuzzRegressionTests {
    /// Only the targets that have kept failures: a target without any would pass without checking anything.
    static let targetsWithRegressions = FuzzTarget.allCases.filter {
        FileManager.default.fileExists(atPath: RepositoryPaths.root + "/Fuzz/regressions/\($0.rawValue)")
    }

    @Test(arguments: targetsWithRegressions)
    func keptFailuresPass(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(of: target, in: "regressions")
        #expect(!inputs.isEmpty, "Fuzz/regressions/\(target.rawValue) holds no input")
        for (name, input) in inputs {
            #expect(throws: Never.self, "\(target.rawValue)/\(name)") { try target.check(input) }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedCorpusPasses(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(of: target, in: "corpus")
        #expect(!inputs.isEmpty, "Fuzz/corpus/\(target.rawValue) has no seeds")
        for (name, input) in inputs {
            #expect(throws: Never.self, "\(target.rawValue)/\(name)") { try target.check(input) }
        }
    }

    /// The files of `Fuzz/<folder>/<target>/`, by name; none when the folder does not exist.
    static func inputs(of target: FuzzTarget, in folder: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = RepositoryPaths.root + "/Fuzz/\(folder)/\(target.rawValue)"
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))))
        }
    }
}
