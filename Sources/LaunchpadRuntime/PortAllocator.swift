/// Free TCP ports on 127.0.0.1 for replicas to listen on.
public enum PortAllocator {
    /// A port the kernel reports free: it binds port 0, reads the port back and closes the socket.
    /// Another process may take the port before the replica binds it; a replica that cannot bind
    /// fails its start like any crash.
    public static func freePort() throws(SystemCallError) -> Int {
        let socket = try LoopbackSocket()
        try socket.bind(port: 0)
        return try socket.localPort()
    }
}
