// StoreProbe: drives LaunchpadStore from a separate process, for the durability test (which
// SIGKILLs it mid-write), the map-resize and stale-reader tests, and `make bench`.
//
//   StoreProbe write DIR [--writers 16]
//       writes records from many threads forever, printing each id after its write returned
//   StoreProbe bench DIR [--writers 16] [--seconds 5] [--batch N]
//       writes as fast as it can for a while and prints one line of JSON
//   StoreProbe hold-reader DIR
//       opens a read transaction, prints "ready" and sleeps until killed
//   StoreProbe grow DIR [--bytes N] [--map-size N]
//       writes N bytes through a writer starting from a small map, prints the final map size
import Foundation
import LaunchpadStore

let usage = """
    usage: StoreProbe write DIR [--writers N]
           StoreProbe bench DIR [--writers N] [--seconds S] [--batch N]
           StoreProbe hold-reader DIR
           StoreProbe grow DIR [--bytes N] [--map-size N]
    """

do {
    let arguments = try ProbeArguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "write":
        try WriteCommand.run(arguments)
    case "bench":
        try BenchCommand.run(arguments)
    case "hold-reader":
        try HoldReaderCommand.run(arguments)
    case "grow":
        try GrowCommand.run(arguments)
    default:
        throw ProbeArguments.Failure(message: "unknown command \(arguments.command)")
    }
} catch let failure as ProbeArguments.Failure {
    FileHandle.standardError.write(Data("StoreProbe: \(failure.message)\n\(usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("StoreProbe: \(error)\n".utf8))
    exit(1)
}
