/// The fields of one payment row, as reusable UTF-8 scratch buffers.
struct PaymentRow {
    var id: [UInt8] = []
    var amount: [UInt8] = []
    var currency: [UInt8] = []
    var dueDate: [UInt8] = []
    var name: [UInt8] = []
    var iban: [UInt8] = []
    var bic: [UInt8] = []
    var country: [UInt8] = []
    var reference: [UInt8] = []
    /// Whether the currency is JPY (no decimals).
    var isJPY = false

    /// Empties every field, keeping the allocated capacity.
    mutating func clear() {
        id.removeAll(keepingCapacity: true)
        amount.removeAll(keepingCapacity: true)
        name.removeAll(keepingCapacity: true)
        iban.removeAll(keepingCapacity: true)
        bic.removeAll(keepingCapacity: true)
        reference.removeAll(keepingCapacity: true)
    }

    /// Sets the IBAN check digits (bytes 2 and 3) to `digits` (0...99).
    mutating func setCheckDigits(_ digits: Int) {
        iban[2] = UInt8(48 + digits / 10)
        iban[3] = UInt8(48 + digits % 10)
    }

    /// Sets `id` to `PAY-` followed by the 9-digit zero-padded `index`.
    mutating func setID(_ index: Int) {
        id.removeAll(keepingCapacity: true)
        id.append(contentsOf: [80, 65, 89, 45])  // "PAY-"
        id.appendPadded(UInt64(index), width: 9)
    }

    /// Appends the nine fields to `csv` as one record.
    func write(to csv: inout CSVFieldWriter) {
        csv.field(id)
        csv.field(amount)
        csv.field(currency)
        csv.field(dueDate)
        csv.field(name)
        csv.field(iban)
        csv.field(bic)
        csv.field(country)
        csv.field(reference)
        csv.endRecord()
    }
}

/// Draws valid payment rows from a ``SplitMix64`` stream.
struct RowMaker {
    var rng: SplitMix64

    private static let magnitudes: [Int] = [1, 10, 100, 1000, 10000]

    /// Fills `row` with a valid payment for 0-based row `index`;
    /// returns the correct IBAN check digits.
    mutating func makeValidRow(_ row: inout PaymentRow, index: Int) -> Int {
        row.clear()
        let countryIndex = IBANMaker.countryWeights.draw(&rng)
        let currencyIndex = FixtureData.currencyWeights.draw(&rng)
        let banks = IBANMaker.banks[countryIndex]
        let bankIndex = rng.below(banks.count)
        let countryCode = IBANMaker.countries[countryIndex]

        row.iban.append(contentsOf: countryCode)
        row.iban.append(contentsOf: [48, 48])
        IBANMaker.appendBBAN(to: &row.iban, countryIndex: countryIndex, bankIndex: bankIndex, rng: &rng)
        let check = IBANMaker.checkDigits(countryCode: countryCode, bban: row.iban[4...])
        row.setCheckDigits(check)

        row.setID(index)
        row.currency = FixtureData.currencies[currencyIndex]
        row.isJPY = currencyIndex == FixtureData.jpyIndex
        appendAmount(to: &row.amount, jpy: row.isJPY)
        row.dueDate = FixtureData.dates2026[rng.below(365)]
        appendName(to: &row.name)
        row.bic.append(contentsOf: banks[bankIndex])
        row.bic.append(contentsOf: countryCode)
        row.bic.append(contentsOf: rng.pick(FixtureData.bicLocations))
        if rng.below(4) == 0 {
            row.bic.append(contentsOf: rng.pick(FixtureData.bicBranches))
        }
        row.country = countryCode
        appendReference(to: &row.reference, index: index)
        return check
    }

    /// Roughly log-uniform between 1 and 100,000 major units; 2 decimals, 0 for JPY.
    private mutating func appendAmount(to out: inout [UInt8], jpy: Bool) {
        let magnitude = rng.pick(Self.magnitudes)
        if jpy {
            out.appendDecimal(UInt64(magnitude * 100 + rng.below(magnitude * 1000)))
            return
        }
        let cents = UInt64(magnitude * 100 + rng.below(magnitude * 900))
        out.appendDecimal(cents / 100)
        out.append(ascii: ".")
        out.appendPadded(cents % 100, width: 2)
    }

    /// People and companies; some with accents, commas or double quotes.
    private mutating func appendName(to out: inout [UInt8]) {
        let r = rng.unit()
        if r < 0.60 {
            out.append(contentsOf: rng.pick(FixtureData.firstNames))
            out.append(ascii: " ")
            out.append(contentsOf: rng.pick(FixtureData.lastNames))
            return
        }
        if r < 0.70 {  // "Last, First": comma, so the field is quoted
            out.append(contentsOf: rng.pick(FixtureData.lastNames))
            out.append(contentsOf: [44, 32])
            out.append(contentsOf: rng.pick(FixtureData.firstNames))
            return
        }
        if r < 0.75 {  // nickname in double quotes: quoted with "" escaping
            out.append(contentsOf: rng.pick(FixtureData.firstNames))
            out.append(contentsOf: [32, 34])
            out.append(contentsOf: rng.pick(FixtureData.nicknames))
            out.append(contentsOf: [34, 32])
            out.append(contentsOf: rng.pick(FixtureData.lastNames))
            return
        }
        let forms = FixtureData.companyForms[rng.below(IBANMaker.countries.count)]
        out.append(contentsOf: rng.pick(FixtureData.companyStems))
        if r < 0.80 {
            out.append(contentsOf: [32, 34])
            out.append(contentsOf: rng.pick(FixtureData.companyTags))
            out.append(contentsOf: [34, 32])
        } else if r < 0.85 {
            out.append(contentsOf: [44, 32])
            out.append(contentsOf: rng.pick(FixtureData.lastNames))
            out.append(contentsOf: FixtureData.partners)
        } else {
            out.append(ascii: " ")
        }
        out.append(contentsOf: rng.pick(forms))
    }

    /// Free text: sometimes empty, sometimes with a comma.
    private mutating func appendReference(to out: inout [UInt8], index: Int) {
        let r = rng.unit()
        if r < 0.15 { return }
        if r < 0.55 {
            out.append(contentsOf: rng.pick(FixtureData.referenceWords))
            out.append(contentsOf: FixtureData.invoicePrefix)
            out.appendPadded(UInt64(rng.below(100_000)), width: 5)
        } else if r < 0.75 {
            out.append(contentsOf: rng.pick(FixtureData.referenceWords))
            out.append(ascii: " ")
            out.append(contentsOf: rng.pick(FixtureData.months))
            out.append(contentsOf: [32, 50, 48, 50, 54])  // " 2026"
        } else if r < 0.85 {
            out.append(contentsOf: FixtureData.orderPrefix)
            out.appendDecimal(rng.next() >> 40)
            out.append(contentsOf: FixtureData.batchInfix)
            out.appendDecimal(UInt64(index % 97))
        } else if r < 0.92 {
            out.append(contentsOf: FixtureData.referenceRefPrefix)
            out.appendDecimal(rng.next() >> 48)
            out.append(contentsOf: FixtureData.referenceRefSuffix)
        } else {
            out.append(contentsOf: rng.pick(FixtureData.referenceWords))
            out.append(ascii: " ")
            out.appendHex(rng.next() >> 34)
        }
    }
}
