#if canImport(Glibc)
import Glibc
#endif

/// Whether nginx has closed `descriptor` (it closes its upstream connection when its client leaves
/// before the answer): `ClientConnection.isClosed` of both servers.
func peerHasClosed(_ descriptor: Int32) -> Bool {
    guard descriptor >= 0 else { return true }
    // Linux's POLLRDHUP, which Glibc's module leaves out (it needs _GNU_SOURCE).
    let readHangUp: Int16 = 0x2000
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN) | readHangUp, revents: 0)
    guard poll(&poller, 1, 0) > 0 else { return false }
    // A unix socket reports the peer's close as POLLRDHUP (POLLHUP once both halves are shut)
    // even while bytes it sent are still unread.
    return poller.revents & (Int16(POLLHUP) | readHangUp | Int16(POLLERR) | Int16(POLLNVAL)) != 0
}
