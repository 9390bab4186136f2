/// The body of `POST /message`: `{"text": String, "user": String?}`; other fields are ignored.
struct MessageRequest: Decodable {
    var text: String
    var user: String?
}
