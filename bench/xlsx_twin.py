"""The .xlsx twin of a payments CSV, for bench/formats.py.

Written part by part with zipfile (deflate, level 6) the way a spreadsheet
program saves such a table: text in the shared-strings table (which grows with
every unique id, name and IBAN: the large-table case), amounts that are
decimals as number cells, valid ISO dates as date serials with the built-in
date format; anything else (a defect the generator planted) as text. The
reader gives back the same values the CSV holds (an amount as Excel shows it:
`120.5` for `120.50`), so every format stores the same records.
"""
import csv
import datetime
import re
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECIMAL = re.compile(r"-?\d{1,15}(\.\d{1,6})?$")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
EPOCH = datetime.date(1899, 12, 30)


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_workbook(source, out):
    """Writes the rows of CSV `source` as the one sheet `payments` of workbook `out`."""
    strings = {}

    def shared(text):
        index = strings.get(text)
        if index is None:
            index = strings[text] = len(strings)
        return index

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets><sheet name="payments" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        with open(source, newline="", encoding="utf-8") as f, z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            rows = csv.reader(f)
            header = next(rows)
            amount_at, date_at = header.index("amount"), header.index("due_date")
            sheet.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode())
            letters = [column(i) for i in range(len(header))]
            chunk = ['<row r="1">' + "".join(f'<c r="{letters[i]}1" t="s"><v>{shared(name)}</v></c>' for i, name in enumerate(header)) + "</row>"]
            for number, row in enumerate(rows, start=2):
                cells = []
                for i, value in enumerate(row):
                    ref = f"{letters[i]}{number}"
                    if value == "":
                        continue
                    if i == amount_at and DECIMAL.match(value) and sum(c.isdigit() for c in value) <= 15:
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                        continue
                    if i == date_at and ISO_DATE.match(value):
                        try:
                            serial = (datetime.date.fromisoformat(value) - EPOCH).days
                            cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                            continue
                        except ValueError:
                            pass
                    cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
                chunk.append(f'<row r="{number}">' + "".join(cells) + "</row>")
                if len(chunk) >= 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
            sst.write(f'<?xml version="1.0"?><sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'.encode())
            batch = []
            for text in strings:  # insertion order is index order
                batch.append(f'<si><t xml:space="preserve">{escape(text)}</t></si>')
                if len(batch) >= 10_000:
                    sst.write("".join(batch).encode())
                    batch = []
            sst.write(("".join(batch) + "</sst>").encode())
