"""Hand-written and hostile workbooks for the .xlsx reader tests (see make-xlsx-fixtures.sh).

Written with Python's zipfile and zlib, part by part, to the ECMA-376 layout,
so each shows one thing: a cell form a spreadsheet program rarely writes, or an attack.
"""
import struct
import sys
import zipfile
import zlib

out = sys.argv[1]

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WB_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="[$-409]d\\-mmm\\-yyyy;@"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="#,##0.00\\ &quot;days&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs>
</styleSheet>"""
SST = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>name</t></si><si><t>value</t></si>
<si><r><rPr><b/></rPr><t xml:space="preserve">Rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
<si><t>a&amp;b_x000D_c_x005F_x0041_</t></si>
</sst>"""
SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:F9"/>
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>inline</t></is></c></row>
<row r="3"><c t="s"><v>3</v></c><c><v>-0.000123</v></c><c r="E3" t="e"><v>#N/A</v></c></row>
<row r="4"><c r="A4" s="1"/><c r="B4" s="1"/></row>
<row r="6"><c r="A6" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="B6"><f>1+2</f><v>3</v></c><c r="C6" t="b"><v>0</v></c></row>
<row r="7"><c r="A7" s="1"><v>46081</v></c><c r="B7" s="2"><v>1.5</v></c><c r="C7" s="3"><v>2.5</v></c><c r="D7" s="4"><v>46081.75</v></c></row>
<row r="8"><c r="A8" t="d"><v>2026-02-28T00:00:00</v></c><c r="C8"><v>1.2345678901234567E+20</v></c><c r="D8"><v>123456789012345678</v></c></row>
<row r="9"><c r="AA9"><v>0.99999999999999989</v></c><c r="AB9"><v>19.989999999999998</v></c><c r="AC9"><v>0.30000000000000004</v></c><c r="AD9"><v>-0</v></c></row>
</sheetData>
<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>
</worksheet>"""


def write(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(f"{out}/{name}", "w", method) as z:
        for part, text in parts:
            z.writestr(part, text)


BASE = [("[Content_Types].xml", CT), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WB_RELS), ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", SST),
        ("xl/worksheets/sheet1.xml", SHEET)]
write("crafted-cells.xlsx", BASE)
write("crafted-stored.xlsx", BASE, zipfile.ZIP_STORED)

# A DTD (an entity declaration) in the shared strings.
DTD_SST = """<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY boom "boom">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&boom;</t></si></sst>"""
write("hostile-dtd.xlsx", [(n, DTD_SST if n == "xl/sharedStrings.xml" else t) for n, t in BASE])

# A macro-enabled workbook named .xlsx.
write("hostile-macro.xlsx", [(n, t.replace("sheet.main+xml", "sheet.macroEnabled.main+xml")) for n, t in BASE])

# Names that leave the package, and a duplicate part.
write("hostile-dotdot.xlsx", BASE + [("../../evil.xml", "<x/>")])
write("hostile-absolute.xlsx", BASE + [("/etc/evil.xml", "<x/>")])
with zipfile.ZipFile(f"{out}/hostile-duplicate.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for part, text in BASE:
        z.writestr(part, text)
    import warnings
    warnings.simplefilter("ignore")
    z.writestr("xl/worksheets/sheet1.xml", SHEET.replace("inline", "second"))

# ZIP bomb: the worksheet is 8 MiB of spaces inside sheetData (ratio ~1000:1).
BOMB = SHEET.replace("<sheetData>", "<sheetData>" + " " * (8 << 20))
write("hostile-bomb.xlsx", [(n, BOMB if n == "xl/worksheets/sheet1.xml" else t) for n, t in BASE])

# Overlapping entries: two directory records point at the same local header and data.
with open(f"{out}/crafted-stored.xlsx", "rb") as f:
    data = bytearray(f.read())
eocd = data.rfind(b"PK\x05\x06")
count, cd_size, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
cd = data[cd_offset:cd_offset + cd_size]
# Re-point the last entry (the sheet) at the first entry's local header (same name is checked, so the
# first entry is copied under the last one's name is not possible: instead make the sheet's data span
# reach into the next header by enlarging its sizes).
first = cd.find(b"PK\x01\x02")
entries = []
at = 0
while at < len(cd):
    n, e, c = struct.unpack_from("<HHH", cd, at + 28)
    entries.append(at)
    at += 46 + n + e + c
styles_at = entries[4]  # xl/styles.xml, stored: compressed == uncompressed size
size = struct.unpack_from("<I", cd, styles_at + 20)[0]
# Overlap: claim the styles entry is 200 bytes longer in the directory AND its local header.
local = struct.unpack_from("<I", cd, styles_at + 42)[0]
for base, off in ((cd_offset + styles_at, 20), (cd_offset + styles_at, 24), (local, 18), (local, 22)):
    struct.pack_into("<I", data, base + off, size + 200)
with open(f"{out}/hostile-overlap.xlsx", "wb") as f:
    f.write(data)

# ZIP encryption flag on one entry (traditional PKWARE encryption bit).
with open(f"{out}/crafted-cells.xlsx", "rb") as f:
    data = bytearray(f.read())
eocd = data.rfind(b"PK\x05\x06")
cd_offset = struct.unpack_from("<I", data, eocd + 16)[0]
struct.pack_into("<H", data, cd_offset + 8, struct.unpack_from("<H", data, cd_offset + 8)[0] | 1)
struct.pack_into("<H", data, 6, struct.unpack_from("<H", data, 6)[0] | 1)
with open(f"{out}/hostile-zipcrypto.xlsx", "wb") as f:
    f.write(data)

# Deflate checks: entries of several sizes, each stored and deflated by zlib at two levels.
def pattern(n):
    state, out_bytes = 12345, bytearray()
    while len(out_bytes) < n:
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out_bytes += b"row %d;" % (state % 1000)
    return bytes(out_bytes[:n])


with zipfile.ZipFile(f"{out}/inflate-sizes.zip", "w") as z:
    for n in (0, 1, 100, 65535, 65536, 65537, 200003):
        body = pattern(n)
        if n <= 100:
            z.writestr(zipfile.ZipInfo(f"stored-{n}"), body, compress_type=zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo(f"fast-{n}"), body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        z.writestr(zipfile.ZipInfo(f"best-{n}"), body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)

# ZIP64: the same workbook with ZIP64 end records and extra fields forced.
with zipfile.ZipFile(f"{out}/crafted-zip64.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for part, text in BASE:
        with z.open(part, "w", force_zip64=True) as handle:
            handle.write(text.encode())
