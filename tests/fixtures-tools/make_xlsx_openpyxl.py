"""Workbooks written by openpyxl for the .xlsx reader tests (see make-xlsx-fixtures.sh)."""
import datetime
import sys

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

out = sys.argv[1]

# 1900 system: a hidden first sheet, a "Data" sheet, a sheet named like the type.
wb = Workbook()
notes = wb.active
notes.title = "Notes"
notes["A1"] = "hidden sheet"
notes.sheet_state = "hidden"
data = wb.create_sheet("Data")
# Row 1 left empty: the header is the first non-empty row (2).
data.append([])
data.append(["payment_id", "amount", "due_date", "paid", "note", "rich", "when"])
data.append(["P-1", 19.989999999999998, datetime.date(2026, 2, 28), True, "plain", None,
             datetime.datetime(2026, 3, 1, 13, 45, 30)])
data.append(["P-2", 0.1 + 0.2, datetime.date(1900, 3, 1), False, "  spaced  ",
             CellRichText([TextBlock(InlineFont(b=True), "Bold"), " and ", TextBlock(InlineFont(i=True), "italic")]),
             datetime.datetime(2026, 3, 2, 0, 0, 0)])
data.append([])  # an empty row 5 is skipped
data["A6"] = "P-3"
data["B6"] = 12345678901234567
data["E6"] = "line1\nline2"
data["G6"] = 1e-7
for serial in (59, 60, 61):
    row = data.max_row + 1
    data.cell(row=row, column=1, value=f"S-{serial}")
    cell = data.cell(row=row, column=3, value=serial)
    cell.number_format = "yyyy-mm-dd"
payments = wb.create_sheet("Payments")
payments.append(["payment_id", "amount"])
payments.append(["Q-1", 1.5])
wb.save(f"{out}/openpyxl-1900.xlsx")

# 1904 system.
wb = Workbook()
wb.epoch = CALENDAR_MAC_1904
sheet = wb.active
sheet.title = "Dates"
sheet.append(["label", "date"])
sheet.append(["first", datetime.date(1904, 1, 1)])
sheet.append(["leap", datetime.date(2024, 2, 29)])
sheet.append(["time", datetime.datetime(2026, 12, 31, 23, 59, 59)])
wb.save(f"{out}/openpyxl-1904.xlsx")
