import Foundation

extension IdentityService {
    /// The caller's own user record.
    public func profile(of principal: Principal) throws -> User {
        let (users, userRecords) = (self.users, self.userRecords)
        let userId = Array(principal.userId.utf8)
        // The stored bytes are compared with the cached user's where they lie in the map.
        guard let user = try database.environment.read({ try $0.get(users, userId, cachedIn: userRecords) }) else {
            throw Self.invalidKey
        }
        return user
    }

    /// Changes the caller's email and/or notification settings.
    public func updateProfile(of principal: Principal, _ update: ProfileChanges) throws -> User {
        try update.validate()
        let users = self.users
        let user = try database.writer.write { transaction -> User in
            guard var user = try transaction.get(users, Array(principal.userId.utf8), as: User.self) else {
                throw Self.invalidKey
            }
            if let email = update.email { user.email = email }
            if let notifications = update.notifications { user.notifications = notifications }
            try transaction.put(users, Array(user.userId.utf8), user)
            return user
        }
        return user
    }
}
