// Compiled twice: into the tests, and into the libFuzzer binary by
// fuzz/build.sh (one module with IntakeKit's sources, so no import there):
// the corpus replay and the harness read every input under the same limits.
#if canImport(IntakeKit)
@testable import IntakeKit
import IntakeTestSupport
#endif

/// The reader limits of a control byte's profile: 0 the defaults; 1 shared
/// strings spilled to a temporary file at once; 2 that and small parts, cells
/// and rows (a 64 KiB part, 256-byte cells, 4 KiB rows, a 64-byte XML buffer);
/// 3 a 100-entry directory and a 4 KiB ratio allowance.
func xlsxFuzzLimits(_ profile: Int) -> XLSXLimits {
    var limits = XLSXLimits()
    switch profile {
    case 1:
        limits.sharedStringsInMemory = 0
    case 2:
        limits.sharedStringsInMemory = 0
        limits.maxPartBytes = 64 << 10
        limits.maxCellBytes = 256
        limits.maxRowBytes = 4096
        limits.xml.bufferSize = 64
        limits.xml.maxDepth = 8
    case 3:
        limits.maxEntries = 100
        limits.ratioAllowance = 4096
    default:
        break
    }
    return limits
}
