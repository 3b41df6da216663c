import IntakeCore
import IntakeSystem
/// The rest of the markup: the XML declaration and processing instructions,
/// comments, CDATA sections, refused DTD declarations, and the element stack.
extension XMLScanner {
    /// `<?target …?>`: the XML declaration at the very start, or a processing instruction.
    func processingInstruction(_ limit: Int) throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        let (nameEnd, _) = try scanName(from: pos + 2, limit: limit, what: "a processing instruction's target after '<?'")
        guard nameEnd >= 0 else { return try starved(insideToken: true) }
        let target = bytes(pos + 2, nameEnd)
        let isDeclaration = target.count == 3 && (target[0] | 0x20) == 0x78 && (target[1] | 0x20) == 0x6D && (target[2] | 0x20) == 0x6C
        if isDeclaration {
            let start = base + pos
            guard start == 0 || (start == 3 && !rootSeen && base == 0 && buffer[0] == 0xEF) else {
                throw syntax("the XML declaration <?xml …?> is allowed only at the very start of the file", at: pos)
            }
        }
        var index = nameEnd
        var newlines = 0
        while true {
            guard index + 1 < limit else { return try starved(insideToken: true) }
            let byte = buffer[index]
            if byte == UInt8(ascii: "?") && buffer[index + 1] == Self.greaterThan { break }
            if byte == Self.newline { newlines += 1 }
            index += 1
        }
        // Set only once complete: an incomplete declaration is scanned again.
        if isDeclaration { sawDeclaration = true }
        commit(to: index + 2, newlines: newlines)
        return .skipped
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, or a DTD declaration (refused).
    func declaration(_ limit: Int) throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        guard pos + 2 < limit else { return try starved(insideToken: true) }
        let third = buffer[pos + 2]
        if (third | 0x20) &- 0x61 < 26 {
            throw XMLError(
                .dtdRefused,
                "the file has a <!DOCTYPE> or another DTD declaration; Intake refuses DTDs"
                    + " (nothing declared in them is read or expanded, no file or URL is fetched):"
                    + " export the file without a DOCTYPE",
                line: line)
        }
        if third == UInt8(ascii: "-") {
            guard pos + 3 < limit else { return try starved(insideToken: true) }
            guard buffer[pos + 3] == UInt8(ascii: "-") else { throw syntax("expected '<!--' to start a comment", at: pos) }
            var index = pos + 4
            var newlines = 0
            while true {
                guard index + 1 < limit else { return try starved(insideToken: true) }
                let byte = buffer[index]
                if byte == UInt8(ascii: "-") && buffer[index + 1] == UInt8(ascii: "-") {
                    guard index + 2 < limit else { return try starved(insideToken: true) }
                    guard buffer[index + 2] == Self.greaterThan else {
                        throw syntax("'--' is not allowed inside a comment", at: index)
                    }
                    break
                }
                if byte == Self.newline { newlines += 1 }
                index += 1
            }
            commit(to: index + 3, newlines: newlines)
            return .skipped
        }
        let opener: [UInt8] = Array("<![CDATA[".utf8)
        var index = pos
        for expected in opener {
            guard index < limit else { return try starved(insideToken: true) }
            guard buffer[index] == expected else { throw syntax("expected '<!--' or '<![CDATA['", at: pos) }
            index += 1
        }
        guard depth > 0 else { throw syntax("a CDATA section outside the root element", at: pos) }
        let contentStart = index
        var newlines = 0
        while true {
            guard index + 2 < limit else { return try starved(insideToken: true) }
            let byte = buffer[index]
            if byte == UInt8(ascii: "]") && buffer[index + 1] == UInt8(ascii: "]") && buffer[index + 2] == Self.greaterThan {
                break
            }
            if byte == Self.newline { newlines += 1 }
            index += 1
        }
        textStart = contentStart
        textEnd = index
        textHasReferences = false
        textIsCData = true
        commit(to: index + 3, newlines: newlines)
        return .text
    }

    // MARK: element stack

    /// Pushes the current start tag; the stack's storage is reused, never shrunk.
    func pushElement(line: Int) {
        let start = depth > 0 ? stackNameEnds[depth - 1] : 0
        let name = bytes(nameStart, nameEnd)
        let end = start + name.count
        if stackNames.count < end {
            stackNames.append(contentsOf: repeatElement(0, count: end - stackNames.count))
        }
        stackNames.withUnsafeMutableBufferPointer { names in
            if let target = names.baseAddress, let source = name.baseAddress {
                (target + start).update(from: source, count: name.count)
            }
        }
        stackNameEnds[depth] = end
        stackLocalStarts[depth] = start + (localStart - nameStart)
        stackLines[depth] = line
        depth += 1
    }

    func popElement() {
        depth -= 1
        if depth == 0 { rootClosed = true }
    }
}
