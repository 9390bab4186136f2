import Foundation
import LaunchpadStore

/// `grow DIR`: writes `--bytes` bytes (default 8 MiB) into the table "grown" through a writer,
/// starting from a `--map-size` map (default 1 MiB), so this process grows the map while
/// another process has the environment open. Prints `{"mapSize":N}` at the end.
enum GrowCommand {
    static let table = "grown"
    static let recordSize = 4096
    static let recordsPerWrite = 64

    static func run(_ arguments: ProbeArguments) throws {
        let bytes = try arguments.integer("bytes", default: 8 << 20)
        let mapSize = try arguments.integer("map-size", default: 1 << 20)
        let environment = try Environment(path: arguments.directory, options: .init(mapSize: mapSize))
        let table = try environment.openTable(Self.table)
        let writer = Writer(environment: environment)
        let records = (bytes + recordSize - 1) / recordSize
        var next = 0
        while next < records {
            let first = next
            let last = min(records, first + recordsPerWrite)
            try writer.write { transaction in
                for index in first..<last {
                    var key = KeyBuilder()
                    key.append(UInt64(index))
                    try transaction.put(table, key.bytes, [UInt8](repeating: UInt8(index % 251), count: recordSize))
                }
            }
            next = last
        }
        writer.stop()
        Output.line(#"{"mapSize":\#(try environment.stats().mapSize),"records":\#(records)}"#)
    }
}
