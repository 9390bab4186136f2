import LaunchpadAPI
import LaunchpadCore
import LaunchpadTestSupport

/// The application over the services of a fresh data directory, closed when released.
final class TestServer {
    let directory: TemporaryDirectory
    let services: Services
    let application: Application

    init(configuration: Services.Configuration = .init()) throws {
        directory = try TemporaryDirectory()
        services = try Services(dataDirectory: directory.path, configuration: configuration)
        application = Application(services: services)
    }

    deinit { services.close() }

    /// A new USER key of `username`.
    func key(_ username: String) throws -> String {
        try services.identity.generateKey(KeyGrant(username: username, email: "\(username)@example.com", role: .user), by: nil).apiKey
    }
}
