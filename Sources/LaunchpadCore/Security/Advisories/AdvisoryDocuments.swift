import Foundation
import LaunchpadJSONDepth
import LaunchpadAdvisories
import LaunchpadArchive

/// The OSV documents at a path: a directory (every `*.json` below it), an OSV `all.zip` dump, or a
/// single JSON file holding one record or an array of records.
enum AdvisoryDocuments {
    /// Largest document read from a directory; an OSV record is a few kilobytes.
    static let maxDocumentBytes = 4 << 20

    /// One document, or why it could not be read.
    typealias Visit = (_ name: String, _ document: Result<[UInt8], AdvisorySkip>) throws -> Void

    static func forEach(at path: String, zipLimits: ZipLimits = ZipLimits(), _ visit: Visit) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AdvisoryImportError("no such file or directory: \(path)")
        }
        if isDirectory.boolValue {
            try forEachInDirectory(path, visit)
        } else if try path.lowercased().hasSuffix(".zip") || isZip(path) {
            // By its magic number, or by its name: a `.zip` that is not one is refused whole, not read as JSON.
            try forEachInZip(path, limits: zipLimits, visit)
        } else {
            try forEachInFile(path, visit)
        }
    }

    private static func forEachInDirectory(_ path: String, _ visit: Visit) throws {
        // Sorted, so that two imports of the same tree do the same thing in the same order.
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw AdvisoryImportError("cannot list \(path)")
        }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            if name.hasSuffix(".json") { names.append(name) }
        }
        for name in names.sorted() {
            let full = (path as NSString).appendingPathComponent(name)
            try visit(name, readDocument(full))
        }
    }

    private static func forEachInZip(_ path: String, limits: ZipLimits, _ visit: Visit) throws {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(path: path, limits: limits)
        } catch {
            throw AdvisoryImportError("\(path) is not a readable zip archive: \(error)")
        }
        for entry in archive.entries where !entry.isDirectory {
            guard entry.name.hasSuffix(".json") else {
                try visit(entry.name, .failure(AdvisorySkip(reason: "notJSONFile", detail: "not a .json entry")))
                continue
            }
            do {
                try visit(entry.name, .success(try archive.contents(of: entry)))
            } catch let problem as ZipEntryProblem {
                try visit(entry.name, .failure(AdvisorySkip(reason: "zip." + problem.code.rawValue, detail: problem.description)))
            }
        }
    }

    private static func forEachInFile(_ path: String, _ visit: Visit) throws {
        let name = (path as NSString).lastPathComponent
        let document = readDocument(path)
        guard case .success(let bytes) = document, bytes.first(where: { !isJSONSpace($0) }) == UInt8(ascii: "[") else {
            try visit(name, document)
            return
        }
        // An array of records: each element is a document of its own.
        guard !JSONDepth.exceeds(bytes, limit: OSVRecordParser.maximumDepth + 1) else {
            try visit(name, .failure(AdvisorySkip(reason: "tooDeep", detail: "the file nests arrays and objects deeper than \(OSVRecordParser.maximumDepth) levels")))
            return
        }
        guard let array = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [Any] else {
            try visit(name, .failure(AdvisorySkip(reason: "notJSON", detail: "the file is not a JSON array of records")))
            return
        }
        for (index, element) in array.enumerated() {
            let elementName = "\(name)[\(index)]"
            guard JSONSerialization.isValidJSONObject(element), let data = try? JSONSerialization.data(withJSONObject: element) else {
                try visit(elementName, .failure(AdvisorySkip(reason: "wrongType", detail: "an element of the array is not an object")))
                continue
            }
            try visit(elementName, .success(Array(data)))
        }
    }

    private static func readDocument(_ path: String) -> Result<[UInt8], AdvisorySkip> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(AdvisorySkip(reason: "unreadable", detail: "cannot open the file"))
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxDocumentBytes + 1) else {
            return .failure(AdvisorySkip(reason: "unreadable", detail: "cannot read the file"))
        }
        guard data.count <= maxDocumentBytes else {
            return .failure(AdvisorySkip(reason: "tooLarge", detail: "larger than \(maxDocumentBytes >> 20) MiB"))
        }
        return .success(Array(data))
    }

    private static func isZip(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AdvisoryImportError("cannot open \(path)") }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return Array(magic) == [0x50, 0x4B, 0x03, 0x04] || Array(magic) == [0x50, 0x4B, 0x05, 0x06]
    }

    private static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// Why one document was not imported: a stable reason (counted) and a sentence.
public struct AdvisorySkip: Error, Sendable, Equatable {
    public var reason: String
    public var detail: String
}

/// An import that could not run at all (nothing at the path, not a zip); nothing was changed.
public struct AdvisoryImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
