import LaunchpadAdvisories
import Testing

struct SemanticVersionTests {
    @Test(arguments: [
        ("1.2.3", "1.2.3"),
        ("0.0.0", "0.0.0"),
        ("v1.2.3", "1.2.3"),
        ("=1.2.3", "1.2.3"),
        ("  1.2.3\n", "1.2.3"),
        ("1.2.3-alpha.1", "1.2.3-alpha.1"),
        ("1.2.3-0.a-b.c", "1.2.3-0.a-b.c"),
        ("1.2.3+build.007", "1.2.3"),
        ("1.2.3-rc.1+sha.5114f85", "1.2.3-rc.1"),
        ("9999999999999999.0.0", "9999999999999999.0.0"),
    ])
    func parses(text: String, canonical: String) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.description == canonical)
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-a..b",
        "1.2.3-01", "1.2.3+a..b", "1.2.3+a+b", "1.2.3-a_b", "-1.2.3", "1.2.-3", "a.b.c", "1.2.x", "1.x",
        "vv1.2.3", "v=1.2.3", "1 .2.3", "10000000000000000.0.0", "1.2.3-10000000000000000",
        "١.٢.٣", "1.2.３", "1.2.3-é",
    ])
    func refuses(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func partsAreExposed() throws {
        let version = try #require(SemanticVersion("4.17.21-beta.2"))
        #expect(version.major == 4 && version.minor == 17 && version.patch == 21)
        #expect(version.prerelease == [.alphanumeric("beta"), .numeric(2)])
        #expect(version.isPrerelease)
        #expect(SemanticVersion("4.17.21")?.isPrerelease == false)
    }

    /// semver.org §11's example chain, plus numeric parts compared as numbers.
    @Test func ordersPerSemverSpecification() throws {
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0",
        ]
        let versions = try chain.map { try #require(SemanticVersion($0)) }
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower), "not \(higher) < \(lower)")
        }
        #expect(versions.shuffled().sorted() == versions)
    }

    @Test func buildMetadataIsIgnoredForEqualityAndHashing() throws {
        let plain = try #require(SemanticVersion("1.2.3-rc.1"))
        let built = try #require(SemanticVersion("1.2.3-rc.1+build.42"))
        #expect(plain == built)
        #expect(!(plain < built) && !(built < plain))
        #expect(Set([plain, built]).count == 1)
        var hasherA = Hasher(), hasherB = Hasher()
        plain.hash(into: &hasherA)
        built.hash(into: &hasherB)
        #expect(hasherA.finalize() == hasherB.finalize())
    }

    @Test func alphanumericIdentifiersCompareByASCII() throws {
        // "B" (0x42) sorts before "a" (0x61) in ASCII; numeric identifiers sort below any alphanumeric one.
        #expect(try #require(SemanticVersion("1.0.0-B")) < #require(SemanticVersion("1.0.0-a")))
        #expect(try #require(SemanticVersion("1.0.0-999")) < #require(SemanticVersion("1.0.0-0a")))
    }
}
