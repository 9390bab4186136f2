import Foundation
import LaunchpadArchive

/// The input is a zip file, written to a temporary file since `ZipArchive` reads a path. Opening it and
/// reading every entry never trap; no entry gives more bytes than the limits allow or than its
/// declared uncompressed size.
enum ZipArchiveProperties {
    static let limits = ZipLimits(maxEntries: 64, maxEntrySize: 64 << 10, maxTotalSize: 256 << 10, maxRatio: 100)
    static let path = NSTemporaryDirectory() + "launchpad-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).zip"

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else {
            throw FuzzFailure("cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let archive = try? ZipArchive(path: path, limits: limits) else { return }
        try require(archive.entries.count <= limits.maxEntries, "\(archive.entries.count) entries, over the limit")
        var total = 0
        for entry in archive.entries {
            guard let contents = try? archive.contents(of: entry) else { continue }
            try require(contents.count <= limits.maxEntrySize, "\(entry.name) gave \(contents.count) bytes, over the entry limit")
            try require(contents.count == entry.uncompressedSize, "\(entry.name) gave \(contents.count) bytes, declares \(entry.uncompressedSize)")
            total += contents.count
        }
        try require(total <= limits.maxTotalSize, "the entries gave \(total) bytes, over the total limit")
    }
}
