import Foundation
import LaunchpadNginx
import LaunchpadTestSupport
import Testing

/// nginx/launchpad.conf, the production server block: nginx accepts it inside the main context its
/// header asks for, and it has every limit, timeout and refusal of the `up` template.
struct ProductionConfigTests {
    static func productionConfig() throws -> String {
        try String(contentsOfFile: RepositoryPaths.nginxTemplates + "/launchpad.conf", encoding: .utf8)
    }

    @Test func nginxAcceptsItInTheMainContextItsHeaderAsksFor() throws {
        let directory = try TemporaryDirectory()
        try Command.check("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=api.example.com",
            "-keyout", directory.appending("key.pem"), "-out", directory.appending("cert.pem"),
        ])
        let server = try Self.productionConfig()
            .replacingOccurrences(of: "/etc/letsencrypt/live/api.example.com/fullchain.pem", with: directory.appending("cert.pem"))
            .replacingOccurrences(of: "/etc/letsencrypt/live/api.example.com/privkey.pem", with: directory.appending("key.pem"))
            .replacingOccurrences(of: "/etc/nginx/launchpad-fastcgi.params", with: RepositoryPaths.nginxTemplates + "/fastcgi.params")
        try server.write(toFile: directory.appending("launchpad.conf"), atomically: true, encoding: .utf8)
        // The header's lines for /etc/nginx/nginx.conf, as an operator would copy them.
        let mainContext = server.split(separator: "\n")
            .filter { $0.hasPrefix("#   worker_") || $0.hasPrefix("#   events") }
            .map { $0.dropFirst(4) }
        #expect(mainContext.count == 3, "the header names worker_processes, worker_rlimit_nofile and worker_connections: \(mainContext)")
        let main = mainContext.joined(separator: "\n") + """

            pid \(directory.appending("nginx.pid"));
            error_log \(directory.appending("error.log"));
            http {
                include \(directory.appending("launchpad.conf"));
            }

            """
        try main.write(toFile: directory.appending("nginx.conf"), atomically: true, encoding: .utf8)
        let test = try Command.run("/usr/sbin/nginx", ["-t", "-p", directory.path, "-c", directory.appending("nginx.conf")])
        #expect(test.status == 0, "\(test.output)")
        #expect(!test.output.contains("[warn]") && !test.output.contains("[emerg]"), "\(test.output)")
    }

    /// The lines that resist slow and abusive clients and give nginx's refusals the envelope: each
    /// one of the `up` template is in production too (where the limits key on every address).
    @Test func everyLimitTimeoutAndRefusalOfTheUpTemplateIsInProduction() throws {
        let directives = [
            "limit_req", "limit_conn", "client_header_timeout", "client_body_timeout", "send_timeout",
            "keepalive_timeout", "reset_timedout_connection", "large_client_header_buffers", "error_page",
        ]
        func lines(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { line in
                directives.contains { line.hasPrefix($0 + " ") || line.hasPrefix($0 + "_") }
            })
        }
        let template = lines(NginxFiles.builtIn.template.replacingOccurrences(of: "$launchpad_client", with: "$binary_remote_addr"))
        let production = lines(try Self.productionConfig())
        #expect(template.count >= 20, "the template's lines are found: \(template.sorted())")
        #expect(template.subtracting(production).isEmpty, "missing in nginx/launchpad.conf: \(template.subtracting(production).sorted())")
    }
}
