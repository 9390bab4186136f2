#if canImport(Glibc)
import Glibc
#endif

/// glibc functions that Glibc's module map leaves out because they sit behind `_GNU_SOURCE`:
/// `pipe2`, `posix_spawn_file_actions_addchdir_np` (2.29), `posix_spawn_file_actions_addclosefrom_np`
/// (2.34) and `unshare`; and `prctl`, which is variadic. This target has no C module of its own, so they are looked up with dlsym.
enum GlibcExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    /// prctl is variadic in C, which Swift does not import; its five-argument form is called instead,
    /// as the platform's calling convention passes them alike.
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    typealias Unshare = @convention(c) (Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)
    static let prctl: Prctl? = symbol("prctl", as: Prctl.self)
    static let unshare: Unshare? = symbol("unshare", as: Unshare.self)
    private static let pipe2Function: Pipe2? = symbol("pipe2", as: Pipe2.self)

    /// A pipe made with `flags` (O_CLOEXEC, O_NONBLOCK) set atomically: a pipe made close-on-exec
    /// only afterwards could leak into a child another thread spawns meanwhile.
    static func pipe(flags: Int32) throws(ProcessLaunchError) -> (read: Int32, write: Int32) {
        guard let pipe2Function else { throw .systemCallFailed(operation: "pipe2", errno: ENOSYS) }
        var descriptors: [Int32] = [-1, -1]
        guard pipe2Function(&descriptors, flags) == 0 else { throw .systemCallFailed(operation: "pipe2", errno: errno) }
        return (descriptors[0], descriptors[1])
    }

    private static func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
        // A null handle is RTLD_DEFAULT: the global symbol search, which finds libc.
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
