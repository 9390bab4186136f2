import LaunchpadAdvisories

/// The input is a package-lock.json. Reading it never traps; the packages it gives are sorted by name
/// then version, without duplicates, and none is unnamed.
enum PackageLockProperties {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let packages = try? PackageLock.packages(from: input) else { return }
        for (earlier, later) in zip(packages, packages.dropFirst()) {
            let ordered = earlier.name < later.name || (earlier.name == later.name && earlier.version < later.version)
            try require(ordered, "\(earlier.name)@\(earlier.version) is listed before \(later.name)@\(later.version)")
        }
        for package in packages {
            try require(!package.name.isEmpty, "a package without a name, version \(package.version)")
        }
    }
}
