"""Workbooks with formulas and with identifiers in number cells, written by the
Python libraries people make workbooks with (see make-xlsx-fixtures.sh):

- xlsxwriter-formulas.xlsx: payments whose formulas were given their value
  (`value=`, a real cached value) and formulas that were not (xlsxwriter then
  caches the placeholder 0 and asks for a recalculation on opening:
  <calcPr fullCalcOnLoad="1"/>).
- openpyxl-formulas.xlsx: payments with formulas, which openpyxl writes with
  no cached value at all (`<v />`), and plain rows.
- xlsxwriter-identifiers.xlsx: company account audits whose identifiers are
  typed as numbers: zero-padded formats (000000000000, a quoted prefix, three
  sections), and a bank account number in a General number cell.
- openpyxl-identifiers.xlsx: payments whose ids are number cells (zero-padded
  or General) and whose amount has a zero-padded format (an amount is no
  identifier: stored as the number it is); the last row fails (currency EUX).

The tests know what each row means (Tests/IntakeEngineTests/Engine/XLSXFormulaDropTests.swift).
Needs: pip install xlsxwriter openpyxl (3.3 and 3.1 here).
"""
import datetime
import sys

import openpyxl
import xlsxwriter

out = sys.argv[1]
CREATED = datetime.datetime(2026, 3, 1, 9, 0, 0)
HEADER = ["payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iban",
          "beneficiary_bic", "beneficiary_country", "reference"]
IBAN, BIC = "DE89370400440532013000", "COBADEFFXXX"
SUPPLIERS = [["supplier", "name", "amount"], ["S-1", "Müller GmbH", 1234.5], ["S-2", "Dupont SARL", 880]]


def excel_serial(day):
    return (day - datetime.date(1899, 12, 30)).days


# xlsxwriter: row by row, the formulas of each cell with or without the value Excel would show.
wb = xlsxwriter.Workbook(f"{out}/xlsxwriter-formulas.xlsx")
wb.set_properties({"created": CREATED})
date = wb.add_format({"num_format": "yyyy-mm-dd"})
sheet = wb.add_worksheet("Payments")
lookup = wb.add_worksheet("Suppliers")
for r, row in enumerate(SUPPLIERS):
    lookup.write_row(r, 0, row)
sheet.write_row(0, 0, HEADER)
# Row 2: every formula given its value (what Excel would calculate): read as those values.
sheet.write_string(1, 0, "XW-1")
sheet.write_formula(1, 1, "=Suppliers!C2", None, 1234.5)
sheet.write_string(1, 2, "EUR")
sheet.write_formula(1, 3, "=DATE(2026,3,5)", date, excel_serial(datetime.date(2026, 3, 5)))
sheet.write_formula(1, 4, "=Suppliers!B2", None, "Müller GmbH")
sheet.write_row(1, 5, [IBAN, BIC, "DE"])
sheet.write_formula(1, 8, '="INV-"&"0042"', None, "INV-0042")
# Row 3: plain values.
sheet.write_row(2, 0, ["XW-2", 880, "EUR"])
sheet.write_datetime(2, 3, datetime.datetime(2026, 3, 6), date)
sheet.write_row(2, 4, ["Dupont SARL", IBAN, BIC, "DE", "INV-0043"])
# Row 4: the name a formula without a value (cached 0): E4.
sheet.write_row(3, 0, ["XW-3", 99.5, "EUR"])
sheet.write_datetime(3, 3, datetime.datetime(2026, 3, 7), date)
sheet.write_formula(3, 4, "=Suppliers!B3")
sheet.write_row(3, 5, [IBAN, BIC, "DE", "INV-0044"])
# Row 5: amount, due date and reference formulas without a value: B5, D5, I5.
sheet.write_string(4, 0, "XW-4")
sheet.write_formula(4, 1, "=Suppliers!C3")
sheet.write_string(4, 2, "EUR")
sheet.write_formula(4, 3, "=DATE(2026,3,8)", date)
sheet.write_row(4, 4, ["Dupont SARL", IBAN, BIC, "DE"])
sheet.write_formula(4, 8, '="INV-"&"0045"')
# Row 6: a reference formula given an empty value: with fullCalcOnLoad, a placeholder too (I6).
sheet.write_row(5, 0, ["XW-5", 10, "EUR"])
sheet.write_datetime(5, 3, datetime.datetime(2026, 3, 9), date)
sheet.write_row(5, 4, ["Dupont SARL", IBAN, BIC, "DE"])
sheet.write_formula(5, 8, '=""', None, "")
# Row 7: the payment id itself a formula without a value (A7).
sheet.write_formula(6, 0, '="XW-"&6')
sheet.write_row(6, 1, [10, "EUR"])
sheet.write_datetime(6, 3, datetime.datetime(2026, 3, 10), date)
sheet.write_row(6, 4, ["Dupont SARL", IBAN, BIC, "DE", "INV-0046"])
wb.close()

# openpyxl: formulas are written as their text, never with a value.
wb = openpyxl.Workbook()
wb.properties.created = wb.properties.modified = CREATED
sheet = wb.active
sheet.title = "Payments"
lookup = wb.create_sheet("Suppliers")
for row in SUPPLIERS:
    lookup.append(row)
sheet.append(HEADER)
sheet.append(["OP-1", 1234.5, "EUR", datetime.date(2026, 3, 5), "Müller GmbH", IBAN, BIC, "DE", "INV-0042"])
sheet.append(["OP-2", 880, "EUR", datetime.date(2026, 3, 6), "=Suppliers!B3", IBAN, BIC, "DE", '="INV-"&"0043"'])
sheet.append(["OP-3", "=SUM(100,23.45)", "EUR", "=DATE(2026,3,7)", "Dupont SARL", IBAN, BIC, "DE", "INV-0044"])
sheet.append(["OP-4", 99.5, "EUR", datetime.date(2026, 3, 8), "Dupont SARL", IBAN, BIC, "DE", "INV-0045"])
for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
    row[0].number_format = "yyyy-mm-dd"
wb.save(f"{out}/openpyxl-formulas.xlsx")

# xlsxwriter: company account audits with identifiers typed as numbers.
siren = 732829320
vat = int(f"{(12 + 3 * (siren % 97)) % 97:02d}{siren}")  # FR44732829320 shown through "FR"00000000000
wb = xlsxwriter.Workbook(f"{out}/xlsxwriter-identifiers.xlsx")
wb.set_properties({"created": CREATED})
pad5 = wb.add_format({"num_format": "00000"})
pad9 = wb.add_format({"num_format": "000000000"})
pad12 = wb.add_format({"num_format": "000000000000"})
vat_format = wb.add_format({"num_format": '"FR"00000000000'})
sections = wb.add_format({"num_format": '000000000;[Red]-000000000;"none"'})
sheet = wb.add_worksheet("company_account_audits")
sheet.write_row(0, 0, ["supplier_id", "company_name", "company_country_code", "company_registration", "tax_number",
                       "duns", "bank_account_country_code", "bank_account_number", "routing_number"])
# Row 2: every identifier a zero-padded number cell: 00042, 732829320, FR44732829320,
# 060704780, 000901138599, 011000015.
sheet.write_number(1, 0, 42, pad5)
sheet.write_row(1, 1, ["Renault", "FR"])
sheet.write_number(1, 3, siren, pad9)
sheet.write_number(1, 4, vat, vat_format)
sheet.write_number(1, 5, 60704780, pad9)
sheet.write_string(1, 6, "US")
sheet.write_number(1, 7, 901138599, pad12)
sheet.write_number(1, 8, 11000015, sections)
# Row 3: the account number a General number cell (warned: H3) and the routing number text.
sheet.write_row(2, 0, ["S-3", "Renault", "FR", "732829320", "FR44732829320", "060704780", "US", 901138599,
                       "021000021"])
wb.close()

# openpyxl: payments whose ids are number cells.
wb = openpyxl.Workbook()
wb.properties.created = wb.properties.modified = CREATED
sheet = wb.active
sheet.title = "Payments"
sheet.append(HEADER + ["company_registration", "end_to_end_id"])
sheet.append([7, 1500, "EUR", datetime.date(2026, 3, 5), "Renault", IBAN, BIC, "DE", "INV-0042", "732829320",
              7])
sheet.append([8, 1500, "EUR", datetime.date(2026, 3, 5), "Renault", IBAN, BIC, "DE", "INV-0043", 732829320,
              "E2E-000008"])
# A row that fails (an unknown currency): its padded id in the errors and the rejected CSV.
sheet.append([9, 1500, "EUX", datetime.date(2026, 3, 5), "Renault", IBAN, BIC, "DE", "INV-0044", "732829320", 9])
for row in sheet.iter_rows(min_row=2):
    row[0].number_format = "000000"  # payment ids 000007, 000008
    row[1].number_format = "000000"  # an amount shown 001500: still 1500.00
    row[3].number_format = "yyyy-mm-dd"
    row[10].number_format = '"E2E-"000000'
wb.save(f"{out}/openpyxl-identifiers.xlsx")
