/// Static word lists and tables for the payments generator, pre-encoded as UTF-8.
enum FixtureData {
    /// Turns string literals into UTF-8 byte arrays once.
    private static func utf8(_ strings: [String]) -> [[UInt8]] {
        strings.map { Array($0.utf8) }
    }

    static let header: [[UInt8]] = utf8([
        "payment_id", "amount", "currency", "due_date", "beneficiary_name",
        "beneficiary_iban", "beneficiary_bic", "beneficiary_country", "reference",
    ])

    static let firstNames: [[UInt8]] = utf8([
        "Marie", "Jean", "Pierre", "Sophie", "Lukas", "Anna", "Hans", "Lena",
        "Carlos", "Lucía", "Javier", "María", "Giulia", "Marco", "Francesca",
        "Luca", "Daan", "Sanne", "Pieter", "Emma", "Liam", "Olivia", "James",
        "Charlotte", "Noah", "Mia", "Luis", "Chloé", "Zoë", "Renée", "Björn",
        "Jürgen", "Søren", "Ørjan", "Łukasz", "Małgorzata", "Dvořák",
        "François", "Hélène", "José", "Ana", "Nuno", "Joël", "Anaïs", "Ágnes",
        "Stéphane", "Ines", "Tobias", "Niamh", "Siobhán",
    ])

    static let lastNames: [[UInt8]] = utf8([
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Müller", "Schmidt",
        "Schneider", "Fischer", "Weber", "García", "Fernández", "González",
        "Rodríguez", "López", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
        "de Jong", "Jansen", "de Vries", "van den Berg", "Peeters", "Janssens",
        "Maes", "Smith", "Jones", "Williams", "Brown", "Taylor", "O'Brien",
        "Meier", "Keller", "Huber", "Lefèvre", "Gauthier", "Nuñez", "Çelik",
        "Ångström", "Østergaard", "Kowalski", "Nowak", "Strauß", "Großmann",
        "Moreau", "Lambert", "Girard", "Da Silva",
    ])

    /// The first four Unicode characters of each last name (for nicknames),
    /// cut on character boundaries like Python's `s[:4]`.
    static let nicknames: [[UInt8]] = lastNames.map { bytes in
        Array(String(decoding: bytes, as: UTF8.self).unicodeScalars.prefix(4)
            .map(String.init).joined().utf8)
    }

    static let companyStems: [[UInt8]] = utf8([
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli",
        "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Nordwind", "Sol y Mar",
        "Bella Vista", "Oranje", "Brabant", "Thames", "Alpenblick",
        "Café de Flore", "Müller & Söhne", "Société Générale des Eaux",
        "Lindqvist", "Zürcher",
    ])

    static let companyTags: [[UInt8]] = utf8(["Europe", "Holding", "Services", "Trading"])

    /// Legal forms per country, indexed like ``IBANMaker/countries``.
    static let companyForms: [[[UInt8]]] = [
        utf8(["SARL", "SAS", "SA"]), utf8(["GmbH", "AG", "KG"]),
        utf8(["S.L.", "S.A."]), utf8(["S.r.l.", "S.p.A."]),
        utf8(["B.V.", "N.V."]), utf8(["BV", "NV", "SRL"]),
        utf8(["Ltd", "PLC", "LLP"]), utf8(["AG", "GmbH", "SA"]),
    ]

    static let referenceWords: [[UInt8]] = utf8([
        "Invoice", "Rechnung", "Facture", "Factura", "Fattura", "Factuur",
        "Salary", "Rent", "Refund", "Order", "Contract", "Subscription",
    ])

    static let months: [[UInt8]] = utf8([
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ])

    static let currencies: [[UInt8]] = utf8(["EUR", "USD", "GBP", "CHF", "JPY"])
    static let currencyWeights = WeightedIndex([70, 10, 8, 7, 5])
    static let jpyIndex = 4

    static let badCurrencies: [[UInt8]] = utf8(["EUX", "UDS", "GPB", "ZZZ"])
    static let badDates: [[UInt8]] = utf8(["2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01"])

    /// Every day of 2026 as `YYYY-MM-DD`.
    static let dates2026: [[UInt8]] = {
        let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var out: [[UInt8]] = []
        out.reserveCapacity(365)
        for (m, length) in monthLengths.enumerated() {
            for d in 1...length {
                var day = Array("2026-".utf8)
                day.appendPadded(UInt64(m + 1), width: 2)
                day.append(UInt8(ascii: "-"))
                day.appendPadded(UInt64(d), width: 2)
                out.append(day)
            }
        }
        return out
    }()

    static let bicLocations: [[UInt8]] = utf8(["PP", "FF", "MM", "22", "2X", "XX", "2A", "BB", "ZZ", "RR", "LL", "MX"])
    static let bicBranches: [[UInt8]] = utf8(["XXX", "XXX", "XXX", "001", "100", "A12", "B30", "PAR", "MAD", "LON"])

    static let referenceRefPrefix = Array("Réf. client ".utf8)
    static let referenceRefSuffix = Array(" – échéance".utf8)
    static let invoicePrefix = Array(" INV-2026-".utf8)
    static let orderPrefix = Array("Order ".utf8)
    static let batchInfix = Array(", batch ".utf8)
    static let partners = Array(" & Partners ".utf8)
}

extension Array where Element == UInt8 {
    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    @inline(__always)
    mutating func appendPadded(_ value: UInt64, width: Int) {
        var digitCount = 1
        var power: UInt64 = 10
        while digitCount < 20 && value >= power {
            digitCount += 1
            power = power &* 10
        }
        let total = Swift.max(digitCount, width)
        let start = count
        append(contentsOf: repeatElement(48, count: total))
        var v = value
        var i = start + total - 1
        repeat {
            self[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            i -= 1
        } while v > 0
    }

    /// Appends `value` in decimal without padding.
    @inline(__always)
    mutating func appendDecimal(_ value: UInt64) {
        appendPadded(value, width: 1)
    }

    /// Appends `value` in lowercase hexadecimal without padding.
    mutating func appendHex(_ value: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        var shift = 60
        while shift > 0 && (value >> UInt64(shift)) == 0 { shift -= 4 }
        while shift >= 0 {
            let nibble = Int((value >> UInt64(shift)) & 0xf)
            append(digits.utf8Start[nibble])
            shift -= 4
        }
    }

    /// Appends one ASCII byte.
    @inline(__always)
    mutating func append(ascii: Unicode.Scalar) {
        append(UInt8(ascii: ascii))
    }
}
