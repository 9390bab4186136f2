import Foundation
import LaunchpadNginx
import LaunchpadTestSupport
import Testing

/// The nginx files the binary carries are the checkout's files of record, and a directory given
/// with `--nginx-templates` replaces them, or fails in one line.
struct NginxFilesTests {
    @Test func theBuiltInCopyIsTheFilesOfRecord() throws {
        let ofRecord = try NginxFiles(directory: RepositoryPaths.nginxTemplates)
        #expect(NginxFiles.builtIn.template == ofRecord.template, "nginx/launchpad-dev.conf.template changed: run scripts/embed-nginx.py")
        #expect(NginxFiles.builtIn.fastcgiParams == ofRecord.fastcgiParams, "nginx/fastcgi.params changed: run scripts/embed-nginx.py")
    }

    @Test func aDirectoryReplacesBothFiles() throws {
        let directory = try TemporaryDirectory()
        try "template {{PORT}}\n".write(toFile: directory.appending(NginxFiles.templateName), atomically: true, encoding: .utf8)
        try "params\n".write(toFile: directory.appending(NginxFiles.fastcgiParamsName), atomically: true, encoding: .utf8)
        #expect(try NginxFiles(directory: directory.path) == NginxFiles(template: "template {{PORT}}\n", fastcgiParams: "params\n"))
    }

    @Test func aMissingFileIsOneLineNamingItAndTheFlag() throws {
        let directory = try TemporaryDirectory()
        try "params\n".write(toFile: directory.appending(NginxFiles.fastcgiParamsName), atomically: true, encoding: .utf8)
        let error = #expect(throws: NginxFilesError.self) { try NginxFiles(directory: directory.path) }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains(directory.appending(NginxFiles.templateName)) && text.contains("No such file or directory"), "\(text)")
        #expect(text.contains("--nginx-templates") && !text.contains("\n") && !text.contains("NSCocoaErrorDomain"), "\(text)")
    }
}
