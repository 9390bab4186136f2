/// The fields of /proc/<pid>/stat that the runtime uses.
struct ProcessStat: Equatable {
    /// R, S, D, Z, T...
    var state: UInt8
    var parentPid: Int32
    var processGroup: Int32
    /// User and system CPU time, in clock ticks.
    var userTicks: Int
    var systemTicks: Int
    /// When the process started, in clock ticks after boot: with the pid, it names one process,
    /// since a pid is reused but never at the same start time.
    var startTicks: UInt64

    var isZombie: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") }

    /// Parses the text of /proc/<pid>/stat. The command name (field 2) may hold spaces and
    /// parentheses, so fields are counted from the last ")".
    init?(_ bytes: [UInt8]) {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Fields 3 onwards: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice num_threads itrealvalue starttime.
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 20,
              let state = fields[0].first,
              let parentPid = Int32(String(decoding: fields[1], as: UTF8.self)),
              let processGroup = Int32(String(decoding: fields[2], as: UTF8.self)),
              let userTicks = Int(String(decoding: fields[11], as: UTF8.self)),
              let systemTicks = Int(String(decoding: fields[12], as: UTF8.self)),
              let startTicks = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        self.startTicks = startTicks
        self.state = state
        self.parentPid = parentPid
        self.processGroup = processGroup
        self.userTicks = userTicks
        self.systemTicks = systemTicks
    }
}
