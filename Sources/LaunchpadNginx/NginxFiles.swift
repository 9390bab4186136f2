import Foundation

/// What `launchpad up` renders nginx's configuration from: the template and the FastCGI parameters.
///
/// `builtIn` is the copy the binary carries, so that `launchpad up` works from any folder; the
/// files of record are nginx/launchpad-dev.conf.template and nginx/fastcgi.params in the checkout
/// (NginxFilesTests fails when the copy differs from them). A directory given to `--nginx-templates`
/// replaces both.
public struct NginxFiles: Sendable, Equatable {
    public static let templateName = "launchpad-dev.conf.template"
    public static let fastcgiParamsName = "fastcgi.params"

    /// nginx.conf with `{{NAME}}` placeholders (see `NginxConfig.render`).
    public var template: String
    /// The CGI parameters launchpad reads, included by the template.
    public var fastcgiParams: String

    public init(template: String, fastcgiParams: String) {
        self.template = template
        self.fastcgiParams = fastcgiParams
    }

    /// The files this binary was built with.
    public static let builtIn = NginxFiles(template: BuiltInNginxFiles.template, fastcgiParams: BuiltInNginxFiles.fastcgiParams)

    /// Both files from `directory`.
    public init(directory: String) throws(NginxFilesError) {
        func read(_ name: String) throws(NginxFilesError) -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadable(path: path, reason: NginxFilesError.reason(of: error))
            }
        }
        self.init(template: try read(Self.templateName), fastcgiParams: try read(Self.fastcgiParamsName))
    }
}
