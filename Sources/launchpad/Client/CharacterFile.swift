import ArgumentParser
import Foundation

/// The file of `launchpad agents create -f`: a create request as the API takes it (`agentName`,
/// `personality`, …), or an elizaOS character file (`name`, `system`, `bio`, `adjectives`,
/// `topics`, `plugins`), turned into one.
enum CharacterFile {
    static func createBody(path: String, name: String?) throws -> Data {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("-f \(path): \((error as NSError).localizedDescription)")
        }
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ValidationError("-f \(path): expected a JSON object")
        }
        if object["agentName"] == nil {
            guard object["name"] is String else {
                throw ValidationError("-f \(path): expected a create request (with agentName) or an elizaOS character (with name)")
            }
            object = fromCharacter(object)
        }
        if let name { object["agentName"] = name }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// An elizaOS character as a create request. The name becomes a host name (lower case, `-` for
    /// anything else); a bio given as one string becomes one line.
    static func fromCharacter(_ character: [String: Any]) -> [String: Any] {
        var personality: [String: Any] = [:]
        if let system = character["system"] as? String { personality["system"] = system }
        if let bio = character["bio"] as? String { personality["bio"] = [bio] } else if let bio = character["bio"] as? [Any] { personality["bio"] = bio }
        for key in ["adjectives", "topics"] { if let list = character[key] as? [Any] { personality[key] = list } }
        var body: [String: Any] = ["agentName": hostName(character["name"] as? String ?? ""), "personality": personality]
        if let plugins = character["plugins"] as? [Any] { body["selectedPlugins"] = plugins }
        if let description = character["description"] as? String { body["description"] = description }
        return body
    }

    static func hostName(_ name: String) -> String {
        let mapped = name.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
        return String(mapped).split(separator: "-").joined(separator: "-")
    }
}
