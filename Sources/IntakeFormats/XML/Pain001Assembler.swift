import IntakeCore
import IntakeSystem
/// Builds one record per `CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf`, collects the
/// counts and exact sums for the document checks, and fills the ``Pain001Outline``.
///
/// Depths (the root `Document` is 1): `CstmrCdtTrfInitn` 2, `GrpHdr`/`PmtInf` 3,
/// `CdtTrfTxInf` 4. Only the texts of leaf elements are used; names are matched on
/// local names at exact depths, so `UltmtCdtr/Nm` or `Cdtr/Id/…/Nm` never count.
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class Pain001Assembler: XMLRecordAssembler {
    /// Per-transaction values, in ``Slot`` order.
    enum Slot: Int, CaseIterable {
        case endToEnd, instruction, amount, currency, name, iban, bic, country, reference
    }

    let outline: Pain001Outline
    @exclusivity(unchecked) var names: [Pain001Name]
    @exclusivity(unchecked) var text: [UInt8] = []
    @exclusivity(unchecked) var leaf = false
    @exclusivity(unchecked) var sawInitiation = false
    /// Absolute offset where the current `NbOfTxs`/`CtrlSum` content starts.
    @exclusivity(unchecked) var contentStart = 0

    // group header
    @exclusivity(unchecked) var groupStart = 0
    @exclusivity(unchecked) var groupLine = 0
    @exclusivity(unchecked) var groupCount: [UInt8]?
    @exclusivity(unchecked) var groupSum: [UInt8]?
    @exclusivity(unchecked) var messageID: [UInt8]?
    @exclusivity(unchecked) var groupHeader = Pain001Outline.Header()
    @exclusivity(unchecked) var totalCount = 0
    @exclusivity(unchecked) var totalSum: Int128 = 0
    @exclusivity(unchecked) var totalSumValid = true

    // payment block
    @exclusivity(unchecked) var paymentIndex = -1
    @exclusivity(unchecked) var paymentStart = 0
    @exclusivity(unchecked) var paymentLine = 0
    @exclusivity(unchecked) var headerCaptured = false
    @exclusivity(unchecked) var paymentHeader = Pain001Outline.Header()
    @exclusivity(unchecked) var paymentID: [UInt8]?
    @exclusivity(unchecked) var paymentCount: [UInt8]?
    @exclusivity(unchecked) var paymentSum: [UInt8]?
    @exclusivity(unchecked) var dueDate: [UInt8]?
    @exclusivity(unchecked) var debtorName: [UInt8]?
    @exclusivity(unchecked) var debtorIBAN: [UInt8]?
    @exclusivity(unchecked) var paymentTransactions = 0
    @exclusivity(unchecked) var paymentTotal: Int128 = 0
    @exclusivity(unchecked) var paymentTotalValid = true
    @exclusivity(unchecked) var pendingFailure: XMLError?

    // transaction
    @exclusivity(unchecked) var slots = [[UInt8]](repeating: [], count: Slot.allCases.count)
    @exclusivity(unchecked) var present = [Bool](repeating: false, count: Slot.allCases.count)

    init(outline: Pain001Outline, maxDepth: Int) {
        self.outline = outline
        names = [Pain001Name](repeating: .other, count: maxDepth + 2)
    }

    func text(_ scanner: XMLScanner) {
        scanner.appendText(to: &text)
    }

    func start(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError) {
        let depth = scanner.depth
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        leaf = true
        guard depth <= 7 else { return }
        let name = depth == 1 ? .other : Pain001Name.lookup(scanner.localName)
        names[depth] = name
        switch depth {
        case 1:
            let root = Array(scanner.absoluteBytes(scanner.tokenStart, scanner.tokenEnd))
            let rootName = Array(scanner.qualifiedName)
            outline.update {
                $0.root = root
                $0.rootName = rootName
            }
        case 2:
            guard name == .initiation, !sawInitiation else {
                throw XMLError(
                    .root,
                    "the pain.001 <Document> must hold one <CstmrCdtTrfInitn> (customer credit transfer"
                        + " initiation), found <\(String(decoding: scanner.qualifiedName, as: UTF8.self))>",
                    line: scanner.tokenLine)
            }
            sawInitiation = true
            let tag = Array(scanner.absoluteBytes(scanner.tokenStart, scanner.tokenEnd))
            let tagName = Array(scanner.qualifiedName)
            outline.update {
                $0.initiation = tag
                $0.initiationName = tagName
            }
        case 3:
            if name == .groupHeader {
                groupStart = scanner.tokenStart
                groupLine = scanner.tokenLine
                groupHeader = Pain001Outline.Header(name: Array(scanner.qualifiedName))
                pin(scanner, at: groupStart)
            } else if name == .paymentBlock {
                beginPaymentBlock(scanner)
            }
        case 4:
            if name == .numberOfTransactions || name == .controlSum {
                contentStart = scanner.tokenEnd
            } else if name == .transaction && names[3] == .paymentBlock {
                beginTransaction(scanner, record)
            }
        case 6:
            if name == .instructedAmount && names[5] == .amount && names[4] == .transaction,
                let ccy = scanner.attribute(named: "Ccy")
            {
                slots[Slot.currency.rawValue].removeAll(keepingCapacity: true)
                scanner.appendValue(of: ccy, to: &slots[Slot.currency.rawValue])
                present[Slot.currency.rawValue] = true
            }
        default:
            break
        }
    }

    func end(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError) -> Bool {
        let depth = scanner.depth + 1
        let isLeaf = leaf
        leaf = false
        defer { if !text.isEmpty { text.removeAll(keepingCapacity: true) } }
        guard depth <= 7, depth >= 3 else { return false }
        let name = names[depth]
        switch depth {
        case 7 where names[4] == .transaction && isLeaf:
            if names[5] == .creditor && names[6] == .postalAddress && name == .country {
                set(.country)
            } else if names[5] == .creditorAccount && names[6] == .id && name == .iban {
                set(.iban)
            } else if names[5] == .creditorAgent && names[6] == .institution && (name == .bic || name == .bicfi) {
                set(.bic)
            }
        case 6 where isLeaf:
            if names[4] == .transaction {
                switch (names[5], name) {
                case (.paymentID, .endToEndID): set(.endToEnd)
                case (.paymentID, .instructionID): set(.instruction)
                case (.amount, .instructedAmount): set(.amount)
                case (.creditor, .name): set(.name)
                case (.remittance, .unstructured): appendReference()
                default: break
                }
            } else if names[3] == .paymentBlock && names[4] == .debtorAccount && names[5] == .id && name == .iban {
                debtorIBAN = trimmedText()
            }
        case 5 where isLeaf && names[3] == .paymentBlock:
            if names[4] == .debtor && name == .name {
                debtorName = trimmedText()
            } else if names[4] == .requestedDate && name == .date {
                dueDate = trimmedText()
            } else if names[4] == .requestedDate && name == .dateTime {
                dueDate = Array(trimmedText().prefix { $0 != UInt8(ascii: "T") })
            }
        case 4:
            return try endDepthFour(scanner, record, name: name, isLeaf: isLeaf)
        case 3:
            if name == .groupHeader && names[2] == .initiation {
                groupHeader.bytes = Array(scanner.absoluteBytes(groupStart, scanner.tokenEnd))
                let header = groupHeader
                outline.update { $0.groupHeader = header }
                scanner.pin = nil
            } else if name == .paymentBlock && names[2] == .initiation {
                endPaymentBlock(scanner)
            }
        default:
            break
        }
        return false
    }

    private func endDepthFour(
        _ scanner: XMLScanner, _ record: XMLCurrentRecord, name: Pain001Name, isLeaf: Bool
    ) throws(XMLError) -> Bool {
        let origin = names[3] == .groupHeader ? groupStart : paymentStart
        let content = (contentStart - origin)..<(scanner.tokenStart - origin)
        switch (names[3], name) {
        case (.groupHeader, .numberOfTransactions) where isLeaf:
            groupCount = trimmedText()
            groupHeader.count = content
        case (.groupHeader, .controlSum) where isLeaf:
            groupSum = trimmedText()
            groupHeader.sum = content
        case (.groupHeader, .messageID) where isLeaf:
            messageID = trimmedText()
        case (.paymentBlock, .transaction):
            endTransaction(scanner, record)
            return true
        case (.paymentBlock, .paymentBlockID) where isLeaf:
            paymentID = trimmedText()
        case (.paymentBlock, .numberOfTransactions) where isLeaf:
            paymentCount = trimmedText()
            if !headerCaptured { paymentHeader.count = content }
        case (.paymentBlock, .controlSum) where isLeaf:
            paymentSum = trimmedText()
            if !headerCaptured { paymentHeader.sum = content }
        case (.paymentBlock, .requestedDate) where isLeaf:
            dueDate = trimmedText()
        default:
            break
        }
        return false
    }

    // MARK: helpers

    func pin(_ scanner: XMLScanner, at offset: Int) {
        scanner.pin = offset
        scanner.pinLine = scanner.tokenLine
    }

    func trimmedText() -> [UInt8] {
        XMLFieldTable.trimmed(text)
    }

    private func set(_ slot: Slot) {
        slots[slot.rawValue].removeAll(keepingCapacity: true)
        text.withUnsafeBufferPointer { slots[slot.rawValue].append(contentsOf: XMLFieldTable.trimmed($0)) }
        present[slot.rawValue] = true
    }

    private func appendReference() {
        let index = Slot.reference.rawValue
        if present[index] {
            slots[index].append(UInt8(ascii: " "))
        } else {
            slots[index].removeAll(keepingCapacity: true)
        }
        slots[index].append(contentsOf: trimmedText())
        present[index] = true
    }
}

@available(*, unavailable)
extension Pain001Assembler: Sendable {}
