"""A large payments workbook for measuring the .xlsx reader (not committed: made on demand).

Usage: python3 make_large_xlsx.py OUT.xlsx [ROWS]   (default 1,000,000 rows)
Each row: a unique payment id (a shared string, so the table grows with the rows),
an amount, a currency (shared), a due date (a date-formatted serial), a name and an IBAN (shared).
Then: `intake import ROOT --workspace W --type payments OUT.xlsx` under `/usr/bin/time -v`; the
measured comparison with CSV is `python3 bench/formats.py --formats csv,xlsx`.
"""
import sys
import zipfile

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
names = [f"Beneficiary {i}" for i in range(1000)]
ibans = [f"FR76300060000112345678{i:05d}" for i in range(1000)]
fixed = ["payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iban", "EUR"] + names + ibans

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets><sheet name="payments" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
    z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(f'<?xml version="1.0"?><sst {NS}>'.encode())
        for text in fixed:
            f.write(f"<si><t>{text}</t></si>".encode())
        for i in range(1, rows):
            f.write(f"<si><t>PAY-{i:08d}</t></si>".encode())
        f.write(b"</sst>")
    base = len(fixed)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode())
        f.write(b'<row r="1">' + b"".join(f'<c t="s"><v>{i}</v></c>'.encode() for i in range(6)) + b"</row>")
        for i in range(1, rows):
            r = i + 1
            f.write((f'<row r="{r}"><c r="A{r}" t="s"><v>{base + i - 1}</v></c><c r="B{r}"><v>{(i * 37) % 100000 / 100}</v></c>'
                     f'<c r="C{r}" t="s"><v>6</v></c><c r="D{r}" s="1"><v>{46000 + i % 700}</v></c>'
                     f'<c r="E{r}" t="s"><v>{7 + i % 1000}</v></c><c r="F{r}" t="s"><v>{1007 + i % 1000}</v></c></row>').encode())
        f.write(b"</sheetData></worksheet>")
