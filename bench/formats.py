#!/usr/bin/env python3
"""The same payments in every format Intake reads, imported in one run.

Run from the project root:  python3 bench/formats.py [--rows 1000000] [--rounds 3]

Takes the cached payments CSV of bench.py (same generator, seed 1, 2 % invalid),
writes the same records as a JSON array, JSON Lines, an ISO 20022
pain.001.001.09 (one payment block; the block's execution date stands for
every due date) and an .xlsx workbook (see xlsx_twin.py: typed cells as a
spreadsheet program saves them, text in the shared-strings table), then runs
`intake import` on each, alternating formats round by round. Prints the
median wall time, MB/s, rows/s, median peak RSS and the ratio of each
format's time to the CSV's. Checks first that every format stores the same
number of entries. `--formats csv,xlsx` runs some of them only.

The layered drops of issue 28 are the same CSV gzipped (`csv.gz`, `gzip -6`)
and OpenPGP-encrypted and signed by a customer's key (`csv.pgp`, gpg's
defaults: compressed, AES-256; the workspace requires the signature), read
while streaming; `csv.pgp-2step` is the way without Intake's layer: `gpg
--decrypt` to a file, then `intake import` of that file (time summed, peak RSS
the larger of the two). The keys are made once (no passphrase) in the cache.
Peak RSS is GNU time's: the process and its largest waited-for child (gpg).
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import sqlite3
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import CACHE, INTAKE, PROJECT, fresh_root, generate, sh, timed  # noqa: E402
from xlsx_twin import write_workbook  # noqa: E402

FORMATS = ("csv", "json", "jsonl", "xml", "xlsx", "csv.gz", "csv.pgp", "csv.pgp-2step")
LAYERED = ("csv.gz", "csv.pgp", "csv.pgp-2step")
KEYS = os.path.join(CACHE, "bench-gnupg")


def gpg(home, *args, **kw):
    return sh(["gpg", "--homedir", home, "--batch", "--yes", "--no-tty", "--quiet"] + list(args), **kw)


def fingerprint(home, name):
    out = subprocess.run(["gpg", "--homedir", home, "--batch", "--with-colons", "--list-keys", name],
                         check=True, capture_output=True, text=True).stdout
    return next(line.split(":")[9] for line in out.splitlines() if line.startswith("fpr:"))


def keyring():
    """Intake's home (its key pair, the customer's public key) and the customer's, made once."""
    intake, customer = os.path.join(KEYS, "intake"), os.path.join(KEYS, "customer")
    if not os.path.exists(os.path.join(KEYS, "done")):
        shutil.rmtree(KEYS, ignore_errors=True)
        for home, name in ((intake, "Intake Bench"), (customer, "Customer Bench")):
            os.makedirs(home, mode=0o700)
            gpg(home, "--passphrase", "", "--quick-gen-key", f"{name} <bench@example.com>", "future-default", "default", "never")
        for source, target, name in ((intake, customer, "Intake Bench"), (customer, intake, "Customer Bench")):
            exported = os.path.join(KEYS, name.replace(" ", "-") + ".asc")
            gpg(source, "--armor", "--output", exported, "--export", name)
            gpg(target, "--import", exported)
        for home in (intake, customer):
            subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"], check=False)
        open(os.path.join(KEYS, "done"), "w").close()
    return intake, customer


def layered(source, rows, formats):
    """The gzipped and the encrypted-and-signed twins of the CSV, cached beside it."""
    stem = os.path.join(CACHE, f"payments-{rows}-seed1")
    paths = {}
    if "csv.gz" in formats:
        paths["csv.gz"] = stem + ".csv.gz"
        if not os.path.exists(paths["csv.gz"]):
            with open(paths["csv.gz"] + ".tmp", "wb") as out:
                sh(["gzip", "-6", "-n", "-c", source], stdout=out)
            os.replace(paths["csv.gz"] + ".tmp", paths["csv.gz"])
    if "csv.pgp" in formats or "csv.pgp-2step" in formats:
        intake, customer = keyring()
        sealed = stem + ".csv.pgp"
        if not os.path.exists(sealed):
            gpg(customer, "--trust-model", "always", "--recipient", "Intake Bench", "--local-user", "Customer Bench",
                "--output", sealed + ".tmp", "--sign", "--encrypt", source)
            subprocess.run(["gpgconf", "--homedir", customer, "--kill", "gpg-agent"], check=False)
            os.replace(sealed + ".tmp", sealed)
        for name in ("csv.pgp", "csv.pgp-2step"):
            if name in formats:
                paths[name] = sealed
    return paths


def with_keys(root):
    """Gives a fresh root Intake's keys and a workspace that requires the customer's signature."""
    intake, customer = keyring()
    keys = os.path.join(root, "keys")
    shutil.rmtree(keys, ignore_errors=True)
    shutil.copytree(intake, keys, ignore=shutil.ignore_patterns("S.*", "*.lock", ".#*"))
    os.chmod(keys, 0o700)
    config_path = os.path.join(root, "intake.json")
    with open(config_path) as f:
        config = json.load(f)
    config["workspaces"]["bench"]["openpgp"] = {"require_signature": True, "signers": [fingerprint(intake, "Customer Bench")]}
    with open(config_path, "w") as f:
        json.dump(config, f, indent=2)
    return keys


def derived(source, rows, formats=FORMATS):
    """The JSON, JSON Lines, pain.001 and workbook twins of the CSV, and its layered ones, cached beside it."""
    plain = [name for name in formats if name not in LAYERED]
    return {**plain_twins(source, rows, plain), **layered(source, rows, formats)}


def plain_twins(source, rows, formats):
    stem = os.path.join(CACHE, f"payments-{rows}-seed1")
    paths = {"csv": source, "json": stem + ".json", "jsonl": stem + ".jsonl", "xml": stem + ".pain001.xml",
             "xlsx": stem + ".xlsx"}
    paths = {name: path for name, path in paths.items() if name in formats}
    if "xlsx" in paths and not os.path.exists(paths["xlsx"]):
        write_workbook(source, paths["xlsx"] + ".tmp")
        os.replace(paths["xlsx"] + ".tmp", paths["xlsx"])
    if all(os.path.exists(p) for p in paths.values()):
        return paths
    paths.update({"json": stem + ".json", "jsonl": stem + ".jsonl", "xml": stem + ".pain001.xml"})
    with open(source, newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    with open(paths["json"] + ".tmp", "w") as out:
        out.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n")
    with open(paths["jsonl"] + ".tmp", "w") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    with open(paths["xml"] + ".tmp", "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>\n'
                  f'<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>{len(records)}</NbOfTxs>'
                  '<InitgPty><Nm>Bench</Nm></InitgPty></GrpHdr>\n'
                  '<PmtInf><PmtInfId>P</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2026-12-01</Dt></ReqdExctnDt>'
                  '<Dbtr><Nm>Bench SA</Nm></Dbtr><DbtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></DbtrAcct>'
                  '<DbtrAgt><FinInstnId><BICFI>BNPAFRPP</BICFI></FinInstnId></DbtrAgt>\n')
        for r in records:
            out.write(
                f'<CdtTrfTxInf><PmtId><EndToEndId>{escape(r["payment_id"])}</EndToEndId></PmtId>'
                f'<Amt><InstdAmt Ccy="{escape(r["currency"])}">{escape(r["amount"])}</InstdAmt></Amt>'
                f'<CdtrAgt><FinInstnId><BICFI>{escape(r["beneficiary_bic"])}</BICFI></FinInstnId></CdtrAgt>'
                f'<Cdtr><Nm>{escape(r["beneficiary_name"])}</Nm><PstlAdr><Ctry>{escape(r["beneficiary_country"])}</Ctry>'
                f'</PstlAdr></Cdtr><CdtrAcct><Id><IBAN>{escape(r["beneficiary_iban"])}</IBAN></Id></CdtrAcct>'
                f'<RmtInf><Ustrd>{escape(r["reference"])}</Ustrd></RmtInf></CdtTrfTxInf>\n')
        out.write("</PmtInf></CstmrCdtTrfInitn></Document>\n")
    for key in ("json", "jsonl", "xml"):
        os.replace(paths[key] + ".tmp", paths[key])
    return {name: path for name, path in paths.items() if name in formats}


def run(base, path, name="csv"):
    """One import of `path` (named by its layers, `….csv.gz`, so `intake import` reads through them)."""
    root = fresh_root(base, INTAKE)
    keys = with_keys(root) if name in ("csv.pgp", "csv.pgp-2step") else None
    try:
        if name == "csv.pgp-2step":
            plain = os.path.join(base, "decrypted.csv")
            decrypt = timed(["gpg", "--homedir", keys, "--batch", "--yes", "--quiet", "--output", plain, "--decrypt", path])
            imported = timed([INTAKE, "import", root, "--workspace", "bench", "--type", "payments", plain])
            os.remove(plain)
            return (decrypt[0] + imported[0], max(decrypt[1], imported[1])), root
        return timed([INTAKE, "import", root, "--workspace", "bench", "--type", "payments", path]), root
    finally:
        if keys:
            subprocess.run(["gpgconf", "--homedir", keys, "--kill", "gpg-agent"], check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, csv first: " + ",".join(FORMATS))
    args = parser.parse_args()
    formats = [name for name in args.formats.split(",") if name]
    if formats[:1] != ["csv"] or any(name not in FORMATS for name in formats):
        sys.exit(f"--formats: csv first, then any of {', '.join(FORMATS)}")
    sh(["bash", os.path.join(PROJECT, "scripts", "setup.sh")])
    sh(["swift", "build", "-c", "release", "--package-path", PROJECT], stdout=subprocess.DEVNULL)
    source, _, _ = generate(args.rows)
    paths = derived(source, args.rows, formats)
    results = {name: [] for name in paths}
    with tempfile.TemporaryDirectory(prefix="intake-formats-") as base:
        for name, path in paths.items():
            _, root = run(base, path, name)
            entries = sqlite3.connect(os.path.join(root, "data", "bench.sqlite")).execute(
                "SELECT count(*) FROM entries").fetchone()[0]
            if entries != args.rows:
                sys.exit(f"{name}: {entries} entries, want {args.rows}")
        for _ in range(args.rounds):
            for name, path in paths.items():
                (wall, rss), _ = run(base, path, name)
                results[name].append((wall, rss))
    csv_wall = statistics.median(w for w, _ in results["csv"])
    print(f"\n{args.rows:,} payments in each format, {args.rounds} rounds (formats alternating)")
    print(f"{'format':14} {'MB':>8} {'median s':>9} {'min-max s':>11} {'MB/s':>7} {'rows/s':>10} {'peak RSS MiB':>13} {'vs CSV':>7}")
    for name, path in paths.items():
        walls = [w for w, _ in results[name]]
        wall = statistics.median(walls)
        rss = statistics.median(r for _, r in results[name])
        size = os.path.getsize(path) / 1e6
        spread = f"{min(walls):.2f}-{max(walls):.2f}"
        print(f"{name:14} {size:8.1f} {wall:9.2f} {spread:>11} {size / wall:7.0f} {args.rows / wall:10,.0f} {rss:13.1f} {wall / csv_wall:7.2f}")


if __name__ == "__main__":
    main()
