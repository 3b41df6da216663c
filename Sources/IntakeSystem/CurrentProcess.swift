import Glibc

/// Who this process runs as, for messages that say why a file cannot be read.
public enum CurrentProcess {
    /// This process's id (`getpid(2)`, called once: Intake never forks
    /// without `exec`, its children are started with `posix_spawn`).
    public static let processID: Int32 = getpid()
    /// The real user id (`getuid(2)`).
    public static var userID: UInt32 { getuid() }
    /// The real group id (`getgid(2)`).
    public static var groupID: UInt32 { getgid() }
    /// Whether standard output is a terminal (`isatty(3)`), for progress lines.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
