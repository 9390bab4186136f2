import Foundation
import LaunchpadCore

/// The first ADMIN key, made by `launchpad up` on its first start and kept in `<data>/admin.key` (0600).
enum AdminKey {
    static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("admin.key")
    }

    /// Creates, stores and prints the key on first start; later starts say where it is.
    static func announce(services: Services, dataDirectory: String, port: Int) throws {
        let path = path(in: dataDirectory)
        if FileManager.default.fileExists(atPath: path) {
            Console.say("Admin key: in \(path)")
            return
        }
        if try services.identity.hasActiveAdminKey() {
            Console.say("Admin keys exist (launchpad keys list); \(path) was not written.")
            return
        }
        let issued = try services.identity.generateKey(
            KeyGrant(username: "launchpad-admin", email: "admin@launchpad.local", role: .admin), by: nil)
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((issued.apiKey + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw ChildProcessError(description: "cannot write \(path)") }
        Console.say("""
            First start: an ADMIN key was made. It is stored in \(path) (mode 0600), and nowhere else in clear:

                \(issued.apiKey)

            Try: curl -H "X-API-Key: \(issued.apiKey)" http://127.0.0.1:\(port)/api/users/profile
            """)
    }
}
