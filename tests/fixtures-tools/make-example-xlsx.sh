#!/usr/bin/env bash
# Writes inbox-example/inbox/globex-fr/payments/2026-12-batch.xlsx: a payments
# workbook made by a spreadsheet program (LibreOffice Calc 7.4, headless, from
# Debian's libreoffice-calc-nogui) from example-globex-december.csv, read as
# UTF-8 and comma-separated, so dates and numbers are typed cells.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work"   # LibreOffice's profile goes there, not into the real home
cp "$here/example-globex-december.csv" "$work/2026-12-batch.csv"
(cd "$work" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work" 2026-12-batch.csv >/dev/null)
cp "$work/2026-12-batch.xlsx" "$here/../../inbox-example/inbox/globex-fr/payments/2026-12-batch.xlsx"
