import IntakeCore
import IntakeEngine
import IntakeSystem

/// Shows an import's progress: on a terminal one line rewritten in place (rows,
/// percent of bytes, rows/s, ETA); otherwise a log line per update.
final class ProgressDisplay {
    private let console: Console
    private let logger: Logger
    private let terminal = CurrentProcess.standardOutputIsTerminal
    private let started = Timestamp.now()

    init(console: Console, logger: Logger) {
        self.console = console
        self.logger = logger
    }

    /// Called by the runner with rows so far, bytes read and the file's size.
    func update(rows: Int, bytes: Int64, total: Int64) {
        let seconds = max(Timestamp.now().seconds(since: started), 0.001)
        let fraction = total > 0 ? min(Double(bytes) / Double(total), 1) : 0
        let rate = Double(rows) / seconds
        let eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0
        let percent = String(Int(fraction * 100))
        if terminal {
            let done = fraction >= 1
            console.write("\r\(rows) rows  \(percent)%  \(Int(rate)) rows/s  " + (done ? "done          \n" : "ETA \(Int(eta.rounded())) s   "))
        } else {
            logger.log(.info, "progress", ["rows": String(rows), "percent": percent, "rows_per_second": String(Int(rate))])
        }
    }
}
