import Foundation
import LaunchpadCrypto

/// `<data>/master.key`: 32 random bytes (mode 0600) under which platform secrets are sealed. Made on
/// first start; losing it makes the stored secrets unreadable, so back it up with the database.
public enum MasterKey {
    public static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("master.key")
    }

    /// Reads the key, creating it first when absent.
    public static func load(dataDirectory: String) throws -> SecretBox {
        let path = path(in: dataDirectory)
        if !FileManager.default.fileExists(atPath: path) {
            let created = FileManager.default.createFile(
                atPath: path, contents: Data(SecureRandom.bytes(SecretBox.keyByteCount)), attributes: [.posixPermissions: 0o600])
            guard created || FileManager.default.fileExists(atPath: path) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return try SecretBox(key: bytes)
    }
}
