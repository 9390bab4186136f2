import LaunchpadCore
import LaunchpadHTTP

// GET /api/users/profile's answer, written field by field (`JSONWritable`): the same bytes as its
// `Encodable` conformance (ReadAnswersJSONTests compares them).

extension UserProfileBody: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("userId", userId)
            json.field("username", username)
            json.field("email", email)
            json.field("role", role.rawValue)
            json.field("createdAt", createdAt)
            json.field("lastLogin", lastLogin)
            json.field("permissions", permissions)
            json.field("notifications") { json in
                json.field("email", notifications.email)
                json.field("slack", notifications.slack)
            }
        }
    }
}
