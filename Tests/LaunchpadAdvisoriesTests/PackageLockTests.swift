import LaunchpadAdvisories
import Testing

struct PackageLockTests {
    private func packages(_ text: String) throws(PackageLockProblem) -> [LockedPackage] {
        try PackageLock.packages(from: Array(text.utf8))
    }

    @Test func readsVersion3WithNestedScopedAndLinkedPackages() throws {
        let lock = #"""
        {
          "name": "agent", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
          "packages": {
            "": {"name": "agent", "version": "1.0.0", "dependencies": {"lodash": "^4.17.15"}},
            "node_modules/lodash": {"version": "4.17.15", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"},
            "node_modules/@elizaos/core": {"version": "0.1.7"},
            "node_modules/@elizaos/core/node_modules/lodash": {"version": "4.17.21"},
            "node_modules/a/node_modules/@types/node": {"version": "20.11.5", "dev": true},
            "node_modules/aliased": {"name": "string-width", "version": "4.2.3"},
            "node_modules/local-plugin": {"resolved": "plugins/local-plugin", "link": true},
            "plugins/local-plugin": {"name": "local-plugin", "version": "0.0.1"},
            "node_modules/b/node_modules/lodash": {"version": "4.17.15"}
          }
        }
        """#
        #expect(try packages(lock) == [
            LockedPackage(name: "@elizaos/core", version: "0.1.7"),
            LockedPackage(name: "@types/node", version: "20.11.5"),
            LockedPackage(name: "local-plugin", version: "0.0.1"),
            LockedPackage(name: "lodash", version: "4.17.15"),
            LockedPackage(name: "lodash", version: "4.17.21"),
            LockedPackage(name: "string-width", version: "4.2.3"),
        ])
    }

    @Test func readsVersion2ByItsPackagesMap() throws {
        let lock = #"""
        {
          "lockfileVersion": 2,
          "packages": {"": {"version": "1.0.0"}, "node_modules/express": {"version": "4.18.2"}},
          "dependencies": {"express": {"version": "4.18.2"}}
        }
        """#
        #expect(try packages(lock) == [LockedPackage(name: "express", version: "4.18.2")])
    }

    @Test func refusesVersion1Clearly() {
        do {
            _ = try packages(#"{"lockfileVersion": 1, "dependencies": {"express": {"version": "4.18.2"}}}"#)
            Issue.record("a v1 lockfile was accepted")
        } catch {
            #expect(error == PackageLockProblem(.unsupportedVersion, field: "lockfileVersion", ""))
            #expect(error.description.contains("lockfileVersion 1"))
            #expect(error.description.contains("npm 7"))
        }
    }

    @Test(arguments: [
        ("{", PackageLockProblem.Code.notJSON, ""),
        ("[]", .notJSON, ""),
        ("\"text\"", .notJSON, ""),
        (#"{"packages": {}}"#, .missingField, "lockfileVersion"),
        (#"{"lockfileVersion": "3", "packages": {}}"#, .wrongType, "lockfileVersion"),
        (#"{"lockfileVersion": 4, "packages": {}}"#, .unsupportedVersion, "lockfileVersion"),
        (#"{"lockfileVersion": 3}"#, .missingField, "packages"),
        (#"{"lockfileVersion": 3, "packages": []}"#, .wrongType, "packages"),
        (#"{"lockfileVersion": 3, "packages": {"node_modules/a": "1.0.0"}}"#, .wrongType, #"packages["node_modules/a"]"#),
        (#"{"lockfileVersion": 3, "packages": {"node_modules/a": {}}}"#, .missingField, #"packages["node_modules/a"].version"#),
        (#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": 1}}}"#, .wrongType, #"packages["node_modules/a"].version"#),
        (#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "name": ["a"]}}}"#, .wrongType, #"packages["node_modules/a"].name"#),
    ])
    func refusesBadShapesNamingTheField(text: String, code: PackageLockProblem.Code, field: String) {
        #expect(throws: PackageLockProblem(code, field: field, "")) { try packages(text) }
    }

    @Test func refusesDeepNestingWithoutTrapping() {
        let deep = #"{"lockfileVersion": 3, "packages": {}, "x": "# + String(repeating: "[", count: 100_000) + "}"
        #expect(throws: PackageLockProblem(.tooDeep, field: "", "")) { try packages(deep) }
    }

    @Test func emptyPackagesIsNoPackages() throws {
        #expect(try packages(#"{"lockfileVersion": 3, "packages": {"": {"name": "x", "version": "1.0.0"}}}"#).isEmpty)
    }
}
