#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadHTTP
import Logging

/// Writes one JSON object per line to stderr (through `LogOutput`): time, level, label, message and the metadata.
/// Built by hand rather than with JSONEncoder: it runs once per request.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line += Array("{\"time\":\"\(Timestamp.format(Date()))\",\"level\":\"\(event.level.rawValue)\",\"label\":".utf8)
        Self.appendQuoted(label, to: &line)
        line += Array(",\"message\":".utf8)
        Self.appendQuoted("\(event.message)", to: &line)
        let fields = metadata.isEmpty ? (event.metadata ?? [:]) : metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            Self.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.appendQuoted(value.description, to: &line)
        }
        line += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
        LogOutput.standardError.write(line, urgent: event.level >= .warning)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal.
    static func appendQuoted(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                line += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"):
                line += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0..<0x20:
                line += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xf)]]
            default:
                line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
