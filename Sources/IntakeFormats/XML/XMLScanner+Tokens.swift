import IntakeCore
import IntakeSystem
/// The tokenizer proper: markup, text, references and the document's structure.
extension XMLScanner {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let ampersand = UInt8(ascii: "&")
    static let slash = UInt8(ascii: "/")
    static let newline = UInt8(ascii: "\n")

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    static func isNameStart(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte | 0x20) &- 0x61 < 26 || byte == 0x5F || byte == 0x3A
    }

    @inline(__always)
    static func isNameChar(_ byte: UInt8) -> Bool {
        isNameStart(byte) || byte &- 0x30 < 10 || byte == 0x2D || byte == 0x2E
    }

    /// The next token. Whitespace outside the root, comments, processing
    /// instructions and the XML declaration are consumed without being reported.
    func next() throws(XMLError) -> XMLToken {
        if pendingEnd {
            pendingEnd = false
            popElement()
            tokenStart = tokenEnd
            return .endTag
        }
        if let rescanAt {
            // Rescan once the cut token's bytes doubled, or the buffer is full (the
            // next read grows it), or nothing more will come.
            guard base + end >= rescanAt || end == capacity || atEOF || invalidAt != nil else { return .needMore }
            self.rescanAt = nil
            rescans += 1
        }
        while true {
            if !bomChecked {
                guard checked - pos >= 3 || atEOF || invalidAt != nil else { return .needMore }
                bomChecked = true
                if checked - pos >= 3 && buffer[pos] == 0xEF && buffer[pos + 1] == 0xBB && buffer[pos + 2] == 0xBF {
                    pos += 3
                }
            }
            guard pos < checked else { return try starved(insideToken: false) }
            let token: XMLToken
            if buffer[pos] == Self.lessThan {
                token = try markup()
            } else {
                token = try text()
            }
            if token == .skipped || (token == .text && depth == 0) { continue }
            return token
        }
    }

    /// No more validated bytes: an invalid byte, a refill, or the end of input.
    func starved(insideToken: Bool) throws(XMLError) -> XMLToken {
        if let invalidAt, invalidAt == checked {
            var newlines = 0
            var index = pos
            while index < invalidAt {
                if buffer[index] == Self.newline { newlines += 1 }
                index += 1
            }
            let byte = buffer[invalidAt]
            let what =
                byte == 0
                ? "a NUL byte (the file may be UTF-16 or binary)"
                : byte < 0x80
                    ? "the control character 0x\(String(byte, radix: 16, uppercase: true)), which XML does not allow"
                    : "bytes that are not valid UTF-8"
            throw XMLError(
                .invalidEncoding,
                "the file holds \(what) (in \(elementPath)); if it is not UTF-8, set the workspace's"
                    + " \"encoding\" in intake.json (for example \"windows-1252\") or export it as UTF-8",
                line: line + newlines)
        }
        guard atEOF else {
            if insideToken { rescanAt = base + end + (end - pos) }
            return .needMore
        }
        if insideToken || depth > 0 {
            let inside =
                depth > 0
                ? "inside <\(openName)> (opened on line \(stackLines[depth - 1]), path \(elementPath))"
                : "inside a tag or comment"
            throw XMLError(
                .truncated, "the file ends \(inside); was the upload cut off? Send the complete file again",
                line: line)
        }
        if !rootSeen {
            if sawDeclaration {
                throw XMLError(
                    .truncated,
                    "the file ends after the XML declaration, before any element; was the upload cut off?",
                    line: line)
            }
            throw XMLError(.empty, "the file is empty (no XML element); export it again", line: nil)
        }
        return .end
    }

    func syntax(_ expected: String, at index: Int) -> XMLError {
        var newlines = 0
        var scan = pos
        while scan < index && scan < end {
            if buffer[scan] == Self.newline { newlines += 1 }
            scan += 1
        }
        return XMLError(.syntax, "\(expected) (in \(elementPath)); the file is not well-formed XML", line: line + newlines)
    }

    // MARK: text

    private func text() throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        let limit = checked
        var index = pos
        var newlines = 0
        var references = false
        while index < limit {
            let byte = buffer[index]
            if byte == Self.lessThan { break }
            if byte == Self.newline {
                newlines += 1
            } else if byte == Self.ampersand {
                let after = try XMLReferences.end(of: self, at: index, limit: limit)
                if after < 0 { break }
                references = true
                index = after
                continue
            }
            index += 1
        }
        if index == pos { return try starved(insideToken: true) }
        if depth == 0 {
            var scan = pos
            while scan < index {
                guard Self.isSpace(buffer[scan]) else {
                    throw syntax(
                        rootClosed ? "text after the root element's end tag" : "text before the root element",
                        at: scan)
                }
                scan += 1
            }
        }
        textStart = pos
        textEnd = index
        textHasReferences = references
        textIsCData = false
        commit(to: index, newlines: newlines)
        return .text
    }

    @inline(__always)
    func commit(to index: Int, newlines: Int) {
        tokenStart = base + pos
        tokenEnd = base + index
        tokenLine = line
        line += newlines
        pos = index
    }

    // MARK: markup

    private func markup() throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        let limit = checked
        guard pos + 1 < limit else { return try starved(insideToken: true) }
        switch buffer[pos + 1] {
        case Self.slash: return try endTag(limit)
        case UInt8(ascii: "?"): return try processingInstruction(limit)
        case UInt8(ascii: "!"): return try declaration(limit)
        default: return try startTag(limit)
        }
    }

    /// Scans a name from `index`; returns its end and the index after its last ':'
    /// (the local name's start), or -1 when the input ends inside it.
    @inline(__always)
    func scanName(from index: Int, limit: Int, what: String) throws(XMLError) -> (end: Int, local: Int) {
        let buffer = self.buffer
        guard index < limit else { return (-1, -1) }
        guard Self.isNameStart(buffer[index]) else { throw syntax("expected \(what)", at: index) }
        var scan = index
        var local = index
        while scan < limit {
            let byte = buffer[scan]
            guard Self.isNameChar(byte) else { return (scan, local) }
            if byte == 0x3A { local = scan + 1 }
            scan += 1
        }
        return (-1, -1)
    }

    private func startTag(_ limit: Int) throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        let (nameEnd, local) = try scanName(from: pos + 1, limit: limit, what: "an element name after '<'")
        guard nameEnd >= 0 else { return try starved(insideToken: true) }
        guard local < nameEnd else { throw syntax("an element name must not end with ':'", at: nameEnd) }
        attributes.removeAll(keepingCapacity: true)
        var index = nameEnd
        var newlines = 0
        var selfClosing = false
        while true {
            var sawSpace = false
            while index < limit && Self.isSpace(buffer[index]) {
                if buffer[index] == Self.newline { newlines += 1 }
                sawSpace = true
                index += 1
            }
            guard index < limit else { return try starved(insideToken: true) }
            let byte = buffer[index]
            if byte == Self.greaterThan {
                index += 1
                break
            }
            if byte == Self.slash {
                guard index + 1 < limit else { return try starved(insideToken: true) }
                guard buffer[index + 1] == Self.greaterThan else { throw syntax("expected '>' after '/'", at: index) }
                index += 2
                selfClosing = true
                break
            }
            guard sawSpace else { throw syntax("expected whitespace, '>' or '/>' after the tag's name or attribute", at: index) }
            let attributeName = try scanName(from: index, limit: limit, what: "an attribute name, '>' or '/>'")
            guard attributeName.end >= 0 else { return try starved(insideToken: true) }
            var scan = attributeName.end
            while scan < limit && Self.isSpace(buffer[scan]) {
                if buffer[scan] == Self.newline { newlines += 1 }
                scan += 1
            }
            guard scan < limit else { return try starved(insideToken: true) }
            guard buffer[scan] == UInt8(ascii: "=") else { throw syntax("expected '=' after an attribute name", at: scan) }
            scan += 1
            while scan < limit && Self.isSpace(buffer[scan]) {
                if buffer[scan] == Self.newline { newlines += 1 }
                scan += 1
            }
            guard scan < limit else { return try starved(insideToken: true) }
            let quote = buffer[scan]
            guard quote == 0x22 || quote == 0x27 else { throw syntax("expected a quoted attribute value", at: scan) }
            scan += 1
            let valueStart = scan
            var references = false
            while true {
                guard scan < limit else { return try starved(insideToken: true) }
                let value = buffer[scan]
                if value == quote { break }
                if value == Self.lessThan { throw syntax("'<' is not allowed in an attribute value (write &lt;)", at: scan) }
                if value == Self.newline { newlines += 1 }
                if value == Self.ampersand {
                    let after = try XMLReferences.end(of: self, at: scan, limit: limit)
                    if after < 0 { return try starved(insideToken: true) }
                    references = true
                    scan = after
                    continue
                }
                scan += 1
            }
            let attribute = Attribute(
                nameStart: index, nameEnd: attributeName.end, valueStart: valueStart, valueEnd: scan,
                hasReferences: references)
            let name = bytes(index, attributeName.end)
            for other in attributes where Self.equal(bytes(other.nameStart, other.nameEnd), name) {
                throw syntax("the attribute \(String(decoding: name, as: UTF8.self)) appears twice", at: index)
            }
            guard attributes.count < Self.maxAttributes else {
                throw syntax("more than \(Self.maxAttributes) attributes on one element", at: index)
            }
            attributes.append(attribute)
            index = scan + 1
        }
        if depth == 0 && rootClosed {
            throw syntax("a second root element (an XML document has exactly one)", at: pos)
        }
        guard depth < maxDepth else {
            throw XMLError(
                .tooDeep,
                "elements are nested more than \(maxDepth) levels deep (in \(elementPath));"
                    + " payment files are never this deep: check how the file was produced",
                line: line)
        }
        self.nameStart = pos + 1
        self.nameEnd = nameEnd
        localStart = local
        pushElement(line: line)
        rootSeen = true
        commit(to: index, newlines: newlines)
        pendingEnd = selfClosing
        return .startTag
    }

    private func endTag(_ limit: Int) throws(XMLError) -> XMLToken {
        let buffer = self.buffer
        let (nameEnd, _) = try scanName(from: pos + 2, limit: limit, what: "an element name after '</'")
        guard nameEnd >= 0 else { return try starved(insideToken: true) }
        var index = nameEnd
        var newlines = 0
        while index < limit && Self.isSpace(buffer[index]) {
            if buffer[index] == Self.newline { newlines += 1 }
            index += 1
        }
        guard index < limit else { return try starved(insideToken: true) }
        guard buffer[index] == Self.greaterThan else { throw syntax("expected '>' to close the end tag", at: index) }
        let name = bytes(pos + 2, nameEnd)
        guard depth > 0 else {
            throw syntax("the end tag </\(String(decoding: name, as: UTF8.self))> has no start tag", at: pos)
        }
        let start = depth > 1 ? stackNameEnds[depth - 2] : 0
        let matches = stackNames.withUnsafeBufferPointer { names in
            Self.equal(UnsafeBufferPointer(rebasing: names[start..<stackNameEnds[depth - 1]]), name)
        }
        guard matches else {
            throw syntax(
                "expected </\(openName)> (opened on line \(stackLines[depth - 1]))"
                    + " but found </\(String(decoding: name, as: UTF8.self))>", at: pos)
        }
        popElement()
        commit(to: index + 1, newlines: newlines)
        return .endTag
    }
}
