#!/usr/bin/env python3
"""Writes documents as people's tools make them into Tests/IntakeTestSupport/Fixtures/Exports
(issue 22: header below a title, empty rows, dates and IBANs as people write them).

    pip install openpyxl==3.1.5 pandas==3.1.2
    python3 tests/fixtures-tools/make_people_exports.py

- excel-en-us.csv: Python's csv "excel" dialect (what Excel's "CSV (Comma delimited)"
  writes: CRLF, minimal quoting), laid out as Excel saves a sheet with a title in A1,
  formatted blank rows (bare delimiters) and en-US dates without padding (m/d/yyyy);
  one row has a day that does not exist (2/30/2026).
- pandas-payments.csv / pandas-payments.json: pandas DataFrame.to_csv and
  to_json(orient="records", date_format="iso") of a frame with a datetime column
  (dates at midnight: `2026-03-04T00:00:00.000` in JSON) and an all-NaN row (a bare
  row of delimiters in CSV, an object of nulls in JSON); IBANs printed with hyphens
  and dots between groups.
- unicode-text.txt: pandas to_csv(sep="\\t", encoding="utf-16", lineterminator="\\r\\n"),
  the shape of Excel's "Unicode Text": UTF-16LE with a BOM, tab-delimited, CRLF, ending with CRLF.
- title-row.xlsx / two-level-header.xlsx: openpyxl workbooks with a merged title row
  above the header, a styled blank row (cells with a fill and no value) and an empty
  row; and a merged two-level header (group headings over the column names).
"""
import csv
import datetime
import io
import os

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "IntakeTestSupport", "Fixtures", "Exports")
COLUMNS = ["payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iban",
           "beneficiary_bic", "beneficiary_country"]
ROWS = [
    ("P-1", "1500.00", "EUR", datetime.date(2026, 3, 5), "Acme SARL", "FR1420041010050500013M02606", "", "FR"),
    ("P-2", "99.90", "EUR", datetime.date(2026, 12, 1), "Müller GmbH", "DE89370400440532013000", "", "DE"),
    ("P-3", "250.00", "EUR", datetime.date(2026, 1, 31), "Banco Ejemplo", "ES9121000418450200051332", "", "ES"),
    ("P-4", "18.75", "NOK", datetime.date(2026, 11, 9), "Fjord AS", "NO9386011117947", "DNBANOKK", "NO"),
]


def en_us(date):
    return f"{date.month}/{date.day}/{date.year}"


def excel_csv():
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")
    blank = [""] * len(COLUMNS)
    writer.writerow(["Payments export - June 2026"] + [""] * (len(COLUMNS) - 1))
    writer.writerow(blank)
    writer.writerow(COLUMNS)
    writer.writerow([*ROWS[0][:3], en_us(ROWS[0][3]), *ROWS[0][4:]])
    writer.writerow(blank)
    writer.writerow([*ROWS[1][:3], en_us(ROWS[1][3]), *ROWS[1][4:]])
    writer.writerow(["P-5", "10.00", "EUR", "2/30/2026", "Nowhere Ltd", "FR1420041010050500013M02606", "", "FR"])
    writer.writerow([*ROWS[2][:3], en_us(ROWS[2][3]), *ROWS[2][4:]])
    writer.writerow(blank)
    writer.writerow(blank)
    with open(os.path.join(OUT, "excel-en-us.csv"), "w", encoding="utf-8", newline="") as out:
        out.write(buffer.getvalue())


def printed_iban(iban, separator, group=4):
    return separator.join(iban[i:i + group] for i in range(0, len(iban), group))


def frame():
    rows = [list(row) for row in ROWS]
    rows[0][5] = printed_iban(rows[0][5], "-")                    # FR14-2004-1010-…
    rows[2][5] = printed_iban(rows[2][5], "-").lower()            # es91-2100-…
    rows[3][5] = "NO93 8601.11.17947"                             # Norwegian print
    data = pd.DataFrame(rows, columns=COLUMNS)
    data["due_date"] = pd.to_datetime(data["due_date"])
    data["amount"] = data["amount"].astype(str)
    empty = pd.DataFrame([[None] * len(COLUMNS)], columns=COLUMNS)
    empty["due_date"] = pd.to_datetime(empty["due_date"])
    return pd.concat([data.iloc[:2], empty, data.iloc[2:]], ignore_index=True)


def pandas_files():
    data = frame()
    data.to_csv(os.path.join(OUT, "pandas-payments.csv"), index=False)
    data.to_json(os.path.join(OUT, "pandas-payments.json"), orient="records", date_format="iso")
    text = data.copy()
    text["due_date"] = text["due_date"].dt.strftime("%Y-%m-%d")
    text.to_csv(os.path.join(OUT, "unicode-text.txt"), sep="\t", index=False, encoding="utf-16", lineterminator="\r\n")


def title_row_workbook():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Payments"
    sheet["A1"] = "Payments export - June 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append([])  # row 2 stays empty
    sheet.append(COLUMNS)  # header on row 3
    fill = PatternFill("solid", fgColor="FFFF00")
    for index, row in enumerate(ROWS):
        sheet.append(list(row))
        sheet.cell(row=sheet.max_row, column=4).number_format = "m/d/yyyy"
        if index == 1:
            blank = sheet.max_row + 1
            for column in range(1, len(COLUMNS) + 1):
                sheet.cell(row=blank, column=column).fill = fill  # a styled blank row
    sheet.append(["P-9", "5.00", "EUR", datetime.date(2026, 4, 1), "", "FR1420041010050500013M02606", "", "FR"])
    sheet.cell(row=sheet.max_row, column=4).number_format = "m/d/yyyy"
    book.save(os.path.join(OUT, "title-row.xlsx"))


def two_level_workbook():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Payments"
    sheet["A1"] = "Payment"
    sheet.merge_cells("A1:D1")
    sheet["E1"] = "Beneficiary"
    sheet.merge_cells("E1:H1")
    sheet.append(COLUMNS)
    for row in ROWS:
        sheet.append(list(row))
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
    book.save(os.path.join(OUT, "two-level-header.xlsx"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    excel_csv()
    pandas_files()
    title_row_workbook()
    two_level_workbook()
    print(sorted(os.listdir(OUT)))
