/// The records the `write` command stores. The durability test checks them with the same rule
/// (Tests/LaunchpadStoreTests/ProbeProcess.swift), so keep the two in step.
enum ProbeRecord {
    /// The table the `write` command writes to.
    static let table = "probe"

    /// The value stored under `id`: derived from it, so a torn or misplaced value shows.
    static func value(for id: String) -> [UInt8] {
        Array(String(repeating: "\(id);", count: 4).utf8)
    }
}
