import IntakeCore
import IntakeSystem
/// Reads `Amt/InstdAmt` back out of one `CdtTrfTxInf` element's raw bytes, for
/// the rejected file's recomputed control sums.
enum Pain001TransactionAmount {
    /// The exact instructed amount (10^-5 units), nil when absent or not a decimal
    /// number, or when the bytes are not one well-formed element.
    static func instructed(in raw: UnsafeBufferPointer<UInt8>) -> Int128? {
        guard let base = raw.baseAddress, !raw.isEmpty else { return nil }
        let scanner = XMLScanner(bufferSize: raw.count + 1, maxRecordBytes: raw.count + 1, maxDepth: 64)
        var names: [Pain001Name] = []
        var text: [UInt8] = []
        var found: Int128?
        do throws(XMLError) {
            let space = try scanner.freeSpace()
            guard let target = space.baseAddress, space.count >= raw.count else { return nil }
            target.copyMemory(from: base, byteCount: raw.count)
            scanner.append(count: raw.count)
            scanner.append(count: 0)
            while true {
                switch try scanner.next() {
                case .startTag:
                    names.append(Pain001Name.lookup(scanner.localName))
                    text.removeAll(keepingCapacity: true)
                case .text:
                    scanner.appendText(to: &text)
                case .endTag:
                    if names.count == 3 && names[1] == .amount && names[2] == .instructedAmount && found == nil {
                        found = XMLDecimal.parse(text)
                    }
                    names.removeLast()
                    text.removeAll(keepingCapacity: true)
                case .end:
                    return found
                case .needMore, .skipped:
                    return nil
                }
            }
        } catch {
            return nil
        }
    }
}
