import Foundation
@testable import LaunchpadAPI
import LaunchpadConsole
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// The console the binary serves is console/ as it is in the repository, with its security headers.
struct ConsoleAssetsTests {
    @Test func theEmbeddedCopyIsConsoleAsItIs() throws {
        let root = URL(fileURLWithPath: RepositoryPaths.root).appendingPathComponent("console")
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        var onDisk: [String: String] = [:]
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let name = String(url.path.dropFirst(root.path.count + 1))
            onDisk[name] = try String(contentsOf: url, encoding: .utf8)
        }
        #expect(Set(onDisk.keys) == Set(ConsoleAssets.files.keys), "console/ changed: run scripts/embed-console.py")
        for (name, text) in onDisk {
            #expect(ConsoleAssets.files[name]?.text == text, "console/\(name) changed: run scripts/embed-console.py")
        }
    }

    private func get(_ path: String) -> Response {
        Responder(groups: [ConsoleController.group()]).respond(to: Request(method: .get, uri: path))
    }

    @Test func everyFileIsServedWithAStrictPolicy() {
        for name in ConsoleAssets.files.keys {
            let response = get("/console/" + name)
            #expect(response.status == 200, "\(name)")
            #expect(response.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
            #expect(response.headers["Content-Security-Policy"]?.contains("unsafe") == false, "no inline code is allowed")
            #expect(response.headers["X-Frame-Options"] == "DENY")
        }
        #expect(get("/console/").headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(get("/console").status == 308)
        let missing = get("/console/nothing.js")
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Security-Policy"] != nil)
    }

    /// It works offline: no script, style, font, image or call from another origin (the SVG
    /// namespace is a name, not a load).
    @Test func theConsoleLoadsNothingFromElsewhere() throws {
        let load = try Regex(#"(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|from\s+["']https?:|import\(\s*["']https?:|fetch\(\s*["'`]https?:"#)
        for (name, file) in ConsoleAssets.files {
            #expect(file.text.firstMatch(of: load) == nil, "console/\(name) loads from another origin")
            #expect(!file.text.contains("innerHTML") && !file.text.contains("insertAdjacentHTML"), "console/\(name) parses markup from strings")
        }
    }
}
