import Foundation
import LaunchpadStore

/// `write DIR`: writes records from many threads as fast as it can, forever, printing each
/// record's id only after `Writer.write` returned (so every printed id is durable).
enum WriteCommand {
    static func run(_ arguments: ProbeArguments) throws {
        let writers = try arguments.integer("writers", default: 16)
        let environment = try Environment(path: arguments.directory)
        let table = try environment.openTable(ProbeRecord.table)
        let writer = Writer(environment: environment)
        let process = ProcessInfo.processInfo.processIdentifier

        for thread in 0..<writers {
            Thread.detachNewThread {
                var sequence = 0
                while true {
                    let id = "\(process)-\(thread)-\(sequence)"
                    sequence += 1
                    do {
                        try writer.write { transaction in
                            try transaction.put(table, Array(id.utf8), ProbeRecord.value(for: id))
                        }
                    } catch {
                        FileHandle.standardError.write(Data("write \(id): \(error)\n".utf8))
                        exit(1)
                    }
                    Output.line(id)
                }
            }
        }
        while true {
            sleep(60)
        }
    }
}
