#!/usr/bin/env bash
# Writes the .xlsx reader's test workbooks into Tests/IntakeTestSupport/Fixtures/XLSX.
# Needs (only to make them again; the tests read the committed files):
#   apt-get install -y libreoffice-calc-nogui   (LibreOffice 7.4 here)
#   pip install openpyxl xlsxwriter msoffcrypto-tool   (3.1, 3.3 and 6.1 here)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../Tests/IntakeTestSupport/Fixtures/XLSX"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$here/make_xlsx_openpyxl.py" "$out"
python3 "$here/make_xlsx_crafted.py" "$out"
python3 "$here/make_beneficiary_xlsx.py" "$out"

# LibreOffice: a CSV as an operator would save one, and a flat ODS with formulas,
# rich text, booleans and a merged cell, both converted to .xlsx.
cp "$here/libreoffice-payments.csv" "$work/libreoffice-payments.csv"
# A payments drop with every column and four invalid rows (engine tests: same records as the CSV).
cp "$here/libreoffice-drop.csv" "$work/libreoffice-drop.csv"
cp "$here/libreoffice-sheets.fods" "$work/libreoffice-sheets.fods"
export HOME="$work"   # LibreOffice's profile goes there, not into the real home
# The CSV is read as UTF-8 (character set 76), comma-separated, quoted with '"'.
(cd "$work" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work" libreoffice-payments.csv >/dev/null)
(cd "$work" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work" libreoffice-drop.csv >/dev/null)
(cd "$work" && soffice --headless --convert-to xlsx --outdir "$work" libreoffice-sheets.fods >/dev/null)
cp "$work/libreoffice-payments.xlsx" "$work/libreoffice-drop.xlsx" "$work/libreoffice-sheets.xlsx" "$out/"
# A password-protected workbook: the LibreOffice workbook encrypted with a password by
# msoffcrypto-tool (ECMA-376 agile encryption, what Excel and LibreOffice write: an OLE container).
msoffcrypto-tool -e -p secret "$work/libreoffice-payments.xlsx" "$out/libreoffice-encrypted.xlsx"
(cd "$work" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xls --outdir "$work" libreoffice-payments.csv >/dev/null)
cp "$work/libreoffice-payments.xls" "$out/libreoffice-legacy.xls"
# Formulas with and without cached values, identifiers typed as numbers (xlsxwriter, openpyxl).
python3 "$here/make_xlsx_formulas.py" "$out"
ls -l "$out"
