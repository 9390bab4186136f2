import Foundation

/// Messages for the person at the terminal, written at once (stdout is block-buffered when piped,
/// and `launchpad up` runs for hours).
enum Console {
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
