// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Launchpad",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "launchpad", targets: ["launchpad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries: one module map and shim header each, found with pkg-config.
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibSSL", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),
        /// Header only: atomic loads, stores and compare-and-swap on memory Swift does not own (a file mapped shared).
        .systemLibrary(name: "CSharedAtomics"),

        /// LMDB: environment, tables, transactions, the group-commit writer, key encodings.
        .target(name: "LaunchpadStore", dependencies: ["CLMDB"]),
        /// OpenSSL behind Swift types: secure random bytes, SHA-256, constant-time comparison.
        .target(name: "LaunchpadCrypto", dependencies: ["COpenSSL"]),
        /// Zip archives read from their central directory, entry by entry, with limits against hostile archives.
        .target(name: "LaunchpadArchive", dependencies: ["CZlib"]),
        /// Background threads: start, wake, stop and join a loop.
        .target(name: "LaunchpadThreads"),
        /// The domain's values that every layer shares: agent statuses, the runtime seam (`ReplicaDriver`,
        /// `AgentControl`) and what crosses it. No HTTP, no process, no storage.
        .target(name: "LaunchpadDomain"),
        /// The controller: every agent's record turned into replicas through any `ReplicaDriver`, with
        /// the policy (transitions, backoff, crash loops, readiness timeouts, rollouts, deletion).
        .target(name: "LaunchpadController", dependencies: ["LaunchpadDomain", "LaunchpadThreads", .product(name: "Logging", package: "swift-log")]),
        /// The `local` runtime: replicas as child processes of launchpad.
        .target(name: "LaunchpadLocalRuntime", dependencies: [
            "LaunchpadDomain", "LaunchpadRuntime", "LaunchpadAgentRuntime", "LaunchpadCrypto", .product(name: "Logging", package: "swift-log"),
        ]),
        /// TLS client connections over TCP with OpenSSL's libssl: a context of trusted authorities, connections that verify.
        .target(name: "LaunchpadTLS", dependencies: ["CLibSSL"]),
        /// The `kubernetes` runtime: each agent a Deployment (with its ConfigMap, Secret and Service) on a cluster,
        /// followed with watches; a small HTTP/1.1 client of the API server.
        .target(name: "LaunchpadKubernetesRuntime", dependencies: [
            "LaunchpadDomain", "LaunchpadTLS", "LaunchpadAgentRuntime", "LaunchpadThreads", .product(name: "Logging", package: "swift-log"),
        ]),
        /// How deeply JSON text nests, measured without recursion before any recursive decoder sees it.
        .target(name: "LaunchpadJSONDepth"),
        /// HTTP without a transport: request, response, router, middleware, errors, JSON.
        .target(name: "LaunchpadHTTP", dependencies: ["LaunchpadJSONDepth", .product(name: "Logging", package: "swift-log")]),
        /// The FastCGI transport: accept threads bridging libfcgi to LaunchpadHTTP.
        .target(name: "LaunchpadFastCGI", dependencies: ["CFastCGI", "LaunchpadHTTP", .product(name: "Logging", package: "swift-log")]),
        /// Child processes for agent replicas: spawning in their own process group, pipes, memory
        /// limits, stopping, health probes, finding replicas left by an earlier run.
        .target(name: "LaunchpadRuntime", dependencies: ["LaunchpadDomain", "LaunchpadThreads"]),
        /// The agent protocol launchpad and a replica speak (`POST /invoke`, its reply and its events),
        /// and the loopback client launchpad calls replicas with.
        .target(name: "LaunchpadAgentProtocol", dependencies: ["LaunchpadDomain", "LaunchpadTLS"]),
        /// The reference agent (`launchpad agent-runtime`): loads a character, serves /health and /message.
        .target(name: "LaunchpadAgentRuntime", dependencies: ["LaunchpadJSONDepth", "LaunchpadDomain", "LaunchpadAgentProtocol"]),
        /// npm advisories without storage: semver, OSV records, range matching, CVSS v3, package-lock.json.
        .target(name: "LaunchpadAdvisories", dependencies: ["LaunchpadJSONDepth"]),
        /// The services over the store: they take and return domain values and throw `DomainError`; no HTTP.
        .target(name: "LaunchpadCore", dependencies: [
            "LaunchpadStore", "LaunchpadCrypto", "LaunchpadDomain", "LaunchpadController", "LaunchpadAgentRuntime",
            "LaunchpadAgentProtocol", "LaunchpadAdvisories", "LaunchpadArchive", "LaunchpadJSONDepth", "LaunchpadThreads",
            "CSharedAtomics",
            .product(name: "Logging", package: "swift-log"),
        ]),
        /// nginx's configuration for `launchpad up`: the template and FastCGI parameters the binary
        /// carries (copies of nginx/, checked by NginxFilesTests), rendered for a data directory.
        .target(name: "LaunchpadNginx"),
        /// The web console's static files (console/, embedded by scripts/embed-console.py).
        .target(name: "LaunchpadConsole"),
        /// The route table: handlers binding HTTP to the services.
        .target(name: "LaunchpadAPI", dependencies: [
            "LaunchpadHTTP", "LaunchpadCore", "LaunchpadDomain", "LaunchpadStore", "LaunchpadConsole", "LaunchpadAgentProtocol",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "launchpad", dependencies: [
            "LaunchpadAPI", "LaunchpadFastCGI", "LaunchpadCore", "LaunchpadStore", "LaunchpadHTTP",
            "LaunchpadRuntime", "LaunchpadAgentRuntime", "LaunchpadAdvisories", "LaunchpadThreads",
            "LaunchpadDomain", "LaunchpadController", "LaunchpadLocalRuntime", "LaunchpadNginx", "LaunchpadCrypto",
            "LaunchpadKubernetesRuntime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        /// A small tool the store's durability test and `make bench` drive as a child process.
        .executableTarget(name: "StoreProbe", dependencies: ["LaunchpadStore"]),

        /// Helpers the test targets share: temporary directories, a real `launchpad up`, a raw HTTP client.
        .target(name: "LaunchpadTestSupport", dependencies: ["LaunchpadRuntime", "LaunchpadHTTP"], path: "Tests/LaunchpadTestSupport"),
        .testTarget(name: "LaunchpadStoreTests", dependencies: ["LaunchpadStore", "LaunchpadTestSupport"]),
        .testTarget(name: "LaunchpadCryptoTests", dependencies: ["LaunchpadCrypto"]),
        .testTarget(name: "LaunchpadArchiveTests", dependencies: ["LaunchpadArchive", "LaunchpadTestSupport"]),
        .testTarget(name: "LaunchpadRuntimeTests", dependencies: ["LaunchpadTestSupport", "LaunchpadRuntime", "LaunchpadDomain"]),
        .testTarget(name: "LaunchpadAgentRuntimeTests", dependencies: ["LaunchpadAgentRuntime", "LaunchpadAgentProtocol"]),
        /// Agent records in a dictionary and the controller's events kept, for the controller's and the runtimes' tests.
        .target(name: "LaunchpadControllerTestSupport", dependencies: ["LaunchpadController", "LaunchpadDomain"], path: "Tests/LaunchpadControllerTestSupport"),
        .testTarget(name: "LaunchpadControllerTests", dependencies: ["LaunchpadController", "LaunchpadDomain", "LaunchpadControllerTestSupport"]),
        .testTarget(name: "LaunchpadLocalRuntimeTests", dependencies: ["LaunchpadLocalRuntime", "LaunchpadDomain", "LaunchpadTestSupport"]),
        /// The kubernetes driver against a real API server (scripts/kubernetes/: built from Debian's source, started on loopback).
        .testTarget(name: "LaunchpadKubernetesRuntimeTests", dependencies: [
            "LaunchpadKubernetesRuntime", "LaunchpadController", "LaunchpadDomain", "LaunchpadTLS", "LaunchpadTestSupport", "LaunchpadControllerTestSupport",
            "LaunchpadCore", "LaunchpadAgentProtocol",
        ]),
        .testTarget(name: "LaunchpadHTTPTests", dependencies: ["LaunchpadHTTP", "LaunchpadJSONDepth"]),
        .testTarget(name: "LaunchpadAdvisoriesTests", dependencies: ["LaunchpadAdvisories", "LaunchpadTestSupport"]),
        .testTarget(name: "LaunchpadCoreTests", dependencies: ["LaunchpadTestSupport", "LaunchpadThreads", "LaunchpadCore", "LaunchpadAdvisories", "LaunchpadStore", "LaunchpadHTTP", "LaunchpadCrypto", "LaunchpadDomain"]),
        .testTarget(name: "LaunchpadNginxTests", dependencies: ["LaunchpadNginx", "LaunchpadTestSupport"]),
        /// Seed 001's dialect without I/O: its error codes and envelope, what each failure is sent as.
        .testTarget(name: "LaunchpadAPITests", dependencies: [
            "LaunchpadAPI", "LaunchpadHTTP", "LaunchpadDomain", "LaunchpadStore", "LaunchpadFastCGI", "LaunchpadCore", "LaunchpadTestSupport",
        ]),
        .testTarget(name: "LaunchpadFastCGITests", dependencies: ["LaunchpadFastCGI", "LaunchpadHTTP"]),
        .testTarget(name: "ContractTests", dependencies: [
            "LaunchpadTestSupport", "LaunchpadAPI", "LaunchpadHTTP", "LaunchpadCore", "LaunchpadStore", "LaunchpadRuntime",
            "LaunchpadController", "LaunchpadLocalRuntime",
        ]),
        /// `launchpad agents …` and `launchpad logs …`, the CLI as a client, against a real `launchpad up`.
        .testTarget(name: "ClientCommandTests", dependencies: ["LaunchpadTestSupport"]),
        /// The fault drill: launchpad killed mid-burst, a full data directory, a read-only one.
        .testTarget(name: "FaultTests", dependencies: ["LaunchpadTestSupport", "LaunchpadCore", "LaunchpadStore", "LaunchpadRuntime"]),

        /// The properties the fuzz targets check on each input; the regression tests check them on the inputs kept.
        .target(name: "FuzzChecks", dependencies: [
            "LaunchpadHTTP", "LaunchpadDomain", "LaunchpadFastCGI", "LaunchpadCore", "LaunchpadAPI", "LaunchpadAdvisories", "LaunchpadArchive", "LaunchpadJSONDepth",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Fuzz/FuzzChecks"),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzChecks", "LaunchpadTestSupport"]),
    ]
)

// The libFuzzer executables, one per `FuzzTarget`, are declared only for `make fuzz` (scripts/fuzz.sh sets
// LAUNCHPAD_FUZZ=1 and builds with `--sanitize fuzzer`), so that `swift build` and `make test` neither
// build them nor need the fuzzer runtime that supplies their `main`.
if Context.environment["LAUNCHPAD_FUZZ"] != nil {
    for name in [
        "FuzzJSONBodies", "FuzzRouter", "FuzzQueryParameters", "FuzzFastCGIParameters", "FuzzOSVRecord",
        "FuzzAdvisoryEncoding", "FuzzPackageLock", "FuzzSemanticVersion", "FuzzCVSS", "FuzzZipArchive", "FuzzApplication",
    ] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzChecks"], path: "Fuzz/\(name)"))
    }
}
