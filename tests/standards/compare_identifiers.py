#!/usr/bin/env python3
"""Compare Intake's verdicts on identifiers with python-stdnum's and schwifty's.

Run from the project root after `swift build`:

    pip install python-stdnum schwifty
    python3 tests/standards/compare_identifiers.py [--intake .build/debug/intake] [--seed 1]

Generates thousands of IBANs, BICs, SIRENs/SIRETs and French VAT numbers
(valid ones, mutated ones, and the forms people print: spaces, no-break
spaces, dots, lower case), imports them with the built `intake` binary
(`intake init` + `intake import` into a throwaway root), reads each row's
verdict and stored value from the workspace store, and compares them with the
references:

- IBAN: schwifty (`IBAN(s)`, national BBAN checksums not checked, which
  Intake does not check either); stdnum's `iban.is_valid(s, check_country=False)`
  is shown beside it. For IBANs printed with `-` or `.` between groups, which
  schwifty refuses, and for Brazil, whose structure schwifty's data gets wrong,
  stdnum's `iban.is_valid` is the reference.
- BIC: stdnum (`bic.is_valid`; schwifty accepts digits in the institution
  code, as ISO 9362:2014 allows but SWIFT does not issue; shown beside it).
- SIREN / SIRET: stdnum `fr.siren` / `fr.siret`.
- French VAT: stdnum `fr.tva`, with the `FR` prefix (Intake requires it).
- ABA routing numbers (beneficiaries, US/USD `bank_details.bank_code`):
  stdnum `us.rtn` (length and 3-7-1 check digit) and the Federal Reserve's
  prefix ranges (00-12, 21-32, 61-72, 80), which stdnum does not check.
- Mexican CLABE (beneficiaries, MX/MXN `bank_details.account_number`):
  stdnum has no `mx.clabe` before 2.x releases that add it; when absent, an
  independent implementation here (the plain weighted sum, not Banxico's
  per-product mod 10 that Intake follows).

For every accepted value the stored form must be the reference's compact
form. Categories whose name starts with `known:` are differences Intake makes
on purpose (documented in docs/import-types.md); any other disagreement is
printed and makes the script exit 1.
"""
import argparse
import csv
import json
import os
import random
import re
import sqlite3
import string
import subprocess
import sys
import tempfile

from schwifty import BIC as SchwiftyBIC
from schwifty import IBAN as SchwiftyIBAN
from stdnum import bic as std_bic
from stdnum import iban as std_iban
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva
from stdnum.us import rtn as std_rtn

try:  # python-stdnum releases with mx.clabe
    from stdnum.mx import clabe as std_clabe
except ImportError:
    std_clabe = None

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))
ALNUM = string.ascii_uppercase + string.digits
SPACES = [" ", "\u00a0", "\u202f"]
TERRITORIES = {"GF": "FR", "GP": "FR", "MQ": "FR", "RE": "FR", "YT": "FR", "PM": "FR", "BL": "FR", "MF": "FR",
               "NC": "FR", "PF": "FR", "WF": "FR", "TF": "FR", "IM": "GB", "JE": "GB", "GG": "GB", "AX": "FI"}
VAT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def registry():
    """The 89 IBAN countries and their examples, read from the Swift sources."""
    src = open(os.path.join(PROJECT, "Sources/IntakeCore/Validation/IBANRegistry.swift")).read()
    countries = re.findall(r'\("([A-Z]{2})", \d+, "[^"]+"\)', src)
    examples = re.findall(r'"([A-Z]{2}\d{2}[A-Z0-9]+)"',
                          open(os.path.join(PROJECT, "Tests/IntakeCoreTests/Validation/IBANExamples.swift")).read())
    return countries, examples


def with_check_digits(country, bban):
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def printed(compact, rng, group=4):
    sep = rng.choice(SPACES)
    text = sep.join(compact[i:i + group] for i in range(0, len(compact), group))
    return text.lower() if rng.random() < 0.5 else text


def luhn_digit(digits):
    total = 0
    for i, c in enumerate(reversed(digits + "0")):
        d = int(c)
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return str((10 - total % 10) % 10)


def mutate(value, rng, alphabet=ALNUM, start=0):
    chars = list(value)
    kind = rng.choice(["substitute", "transpose", "drop", "insert"])
    i = rng.randrange(start, len(chars))
    if kind == "substitute":
        chars[i] = rng.choice(alphabet.replace(chars[i], ""))
    elif kind == "transpose" and i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind == "drop":
        del chars[i]
    else:
        chars.insert(i, rng.choice(alphabet))
    return "".join(chars)


# ------------------------------------------------------------------ references

def ref_iban(value):
    # schwifty 2026.10.1 refuses `-` and `.` between groups (python-stdnum reads
    # them, and so does Intake), and its Brazil structure (`8!c5!n10!n1!c1!c`)
    # is not the SWIFT registry's (`8!n5!n10!n1!a1!c`): stdnum is the reference for those.
    if "-" in value or "." in value or std_iban.compact(value).startswith("BR"):
        return std_iban.compact(value) if std_iban.is_valid(value) else None
    try:
        return str(SchwiftyIBAN(value))
    except Exception:
        return None


def ref_bic(value):
    return std_bic.compact(value) if std_bic.is_valid(value) else None


def ref_siren_siret(value):
    compact = std_siret.compact(value)
    if len(compact) == 14:
        return compact if std_siret.is_valid(compact) else None
    return compact if std_siren.is_valid(compact) else None


def ref_vat(value):
    return "FR" + std_tva.compact(value) if std_tva.is_valid(value) else None


ABA_PREFIXES = set(range(0, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


def bank_compact(value):
    """What people print between digits: spaces, '-' and '.'."""
    return re.sub(r"[ .\-\u00a0]", "", value).upper()


def ref_aba(value):
    compact = bank_compact(value)
    return compact if std_rtn.is_valid(compact) and int(compact[:2]) in ABA_PREFIXES else None


def clabe_valid(digits):
    """A CLABE written independently of Intake's: 18 digits, sum of digit × (3, 7, 1, …) over 17, then the check."""
    if std_clabe is not None:
        return std_clabe.is_valid(digits)
    if not re.fullmatch(r"[0-9]{18}", digits):
        return False
    total = sum(int(d) * (3, 7, 1)[i % 3] for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


def ref_clabe(value):
    compact = bank_compact(value)
    return compact if clabe_valid(compact) else None


# ------------------------------------------------------------------ generators

def aba_check_digit(eight):
    total = sum(int(d) * (3, 7, 1)[i % 3] for i, d in enumerate(eight))
    return str((10 - total % 10) % 10)


def aba_cases(rng, n):
    published = ["011000015", "111000025", "021000021", "026009593", "121000248", "322271627", "021000089", "011000028"]
    cases = [("published", v) for v in published]
    for _ in range(n):
        prefix = rng.choice(sorted(ABA_PREFIXES)) if rng.random() < 0.8 else rng.randrange(100)
        head = f"{prefix:02d}" + "".join(rng.choices(string.digits, k=6))
        rtn = head + aba_check_digit(head)
        cases.append(("generated (prefix random 20%)", rtn))
        cases.append(("mutated", mutate(rtn, rng, string.digits)))
        cases.append(("printed", rng.choice(["-", " ", "."]).join([rtn[:4], rtn[4:8], rtn[8:]])))
        cases.append(("random 9 digits", "".join(rng.choices(string.digits, k=9))))
    return cases


def clabe_cases(rng, n):
    published = ["032180000118359719", "002010077777777771"]
    cases = [("published", v) for v in published]
    for _ in range(n):
        head = "".join(rng.choices(string.digits, k=17))
        total = sum(int(d) * (3, 7, 1)[i % 3] for i, d in enumerate(head))
        clabe = head + str((10 - total % 10) % 10)
        cases.append(("generated", clabe))
        cases.append(("mutated", mutate(clabe, rng, string.digits)))
        cases.append(("printed", rng.choice([" ", "-"]).join([clabe[:3], clabe[3:6], clabe[6:17], clabe[17:]])))
        cases.append(("random 18 digits", "".join(rng.choices(string.digits, k=18))))
    return cases


def iban_cases(rng, n_per_country):
    countries, examples = registry()
    cases = [("registry example", e) for e in examples]
    valid = []
    for country in countries:
        for _ in range(n_per_country):
            iban = str(SchwiftyIBAN.random(country_code=country, random=rng, use_registry=False))
            if country == "BR":
                # Built from the registry's structure 8!n5!n10!n1!a1!c, not schwifty's.
                iban = with_check_digits("BR", "".join(rng.choices(string.digits, k=23))
                                         + rng.choice(string.ascii_uppercase) + rng.choice(ALNUM))
            valid.append(iban)
    cases += [("valid", v) for v in valid]
    for v in valid:
        cases.append(("printed", printed(v, rng)))
        cases.append(("mutated", mutate(v, rng, start=2)))
        cases.append(("check digits changed", v[:2] + f"{(int(v[2:4]) + rng.randrange(1, 96)) % 97:02d}" + v[4:]))
        # A letter where a digit stands (or the reverse), the check digits recomputed:
        # only the BBAN layout can refuse it.
        bban = list(v[4:])
        i = rng.randrange(len(bban))
        bban[i] = rng.choice(string.ascii_uppercase) if bban[i].isdigit() else rng.choice(string.digits)
        cases.append(("kind swapped, check digits right", with_check_digits(v[:2], "".join(bban))))
    for territory, parent in TERRITORIES.items():
        for v in [x for x in valid if x.startswith(parent)][:5]:
            cases.append(("known: territory prefix (schwifty accepts)", with_check_digits(territory, v[4:])))
    for v in valid[::10]:
        separator = rng.choice(["-", "."])
        grouped = separator.join(v[i:i + 4] for i in range(0, len(v), 4))
        cases.append(("printed with - or . (stdnum and Intake read them; schwifty refuses)", grouped.lower() if rng.random() < 0.3 else grouped))
    for v in [x for x in valid if x.startswith("BR")][:5]:
        bban = rng.choice(string.ascii_uppercase) + v[5:]
        cases.append(("letter in Brazil's bank code (registry 8!n; schwifty's data accepts it)",
                      with_check_digits("BR", bban)))
    return cases


def bic_cases(rng, n):
    countries = ["FR", "DE", "GB", "ES", "IT", "NL", "BE", "CH", "US", "JP", "CN", "BR", "IN", "LU", "MC", "AD", "XK"]
    cases = []
    for _ in range(n):
        country = rng.choice(countries) if rng.random() < 0.8 else "".join(rng.choices(string.ascii_uppercase, k=2))
        bic = "".join(rng.choices(string.ascii_uppercase, k=4)) + country + "".join(rng.choices(ALNUM, k=2))
        if rng.random() < 0.5:
            bic += "XXX" if rng.random() < 0.5 else "".join(rng.choices(ALNUM, k=3))
        cases.append(("generated", bic))
        cases.append(("printed", (bic[:4] + " " + bic[4:6] + " " + bic[6:8] + (" " + bic[8:] if len(bic) > 8 else "")).lower()
                      if rng.random() < 0.5 else bic.lower()))
        cases.append(("mutated", mutate(bic, rng)))
    for _ in range(n // 10):
        bic = rng.choice(string.digits) + "".join(rng.choices(string.ascii_uppercase, k=3)) + "FRPP"
        cases.append(("known: digit in the institution code (ISO 9362:2014; stdnum and Intake refuse)", bic))
    return cases


def siren_cases(rng, n):
    cases = []
    for _ in range(n):
        head = "".join(rng.choices(string.digits, k=8))
        siren = head + luhn_digit(head)
        nic = "".join(rng.choices(string.digits, k=4))
        siret = siren + nic + luhn_digit(siren + nic)
        bad_head = head[:-1] + str((int(head[-1]) + 1) % 10)
        bad_siren = bad_head + str((int(luhn_digit(bad_head)) + rng.randrange(1, 10)) % 10)
        cases += [("SIREN", siren), ("SIRET", siret), ("SIRET, SIREN invalid, Luhn over 14 right",
                                                        bad_siren + nic + luhn_digit(bad_siren + nic)),
                  ("SIREN mutated", mutate(siren, rng, string.digits)), ("SIRET mutated", mutate(siret, rng, string.digits)),
                  ("SIREN printed", rng.choice([" ", ".", "\u00a0"]).join([siren[:3], siren[3:6], siren[6:]])),
                  ("SIRET printed", rng.choice([" ", "."]).join([siret[:3], siret[3:6], siret[6:9], siret[9:]]))]
    for _ in range(n // 2):
        nic = "".join(rng.choices(string.digits, k=4))
        cases.append(("La Poste establishment", "356000000" + nic + str(rng.randrange(10))))
        cases.append(("La Poste, Luhn right", "356000000" + nic + luhn_digit("356000000" + nic)))
    cases += [("La Poste head office", "35600000000048"), ("issue example", "76548185138218")]
    return cases


def vat_cases(rng, n):
    cases = []
    for _ in range(n):
        head = "".join(rng.choices(string.digits, k=8))
        siren = head + luhn_digit(head)
        key = f"{(int(siren) * 100 + 12) % 97:02d}"
        cases.append(("numeric key", "FR" + key + siren))
        cases.append(("numeric key mutated", "FR" + mutate(key + siren, rng, string.digits)))
        pairs = [a + b for a in VAT_ALPHABET for b in VAT_ALPHABET if not (a.isdigit() and b.isdigit())]
        valid_pairs = [p for p in pairs if std_tva.is_valid(p + siren)]
        if valid_pairs:
            cases.append(("alphanumeric key", "FR" + rng.choice(valid_pairs) + siren))
        cases.append(("alphanumeric key, random", "FR" + rng.choice(pairs) + siren))
        cases.append(("printed", rng.choice(["FR " + key + " " + " ".join([siren[:3], siren[3:6], siren[6:]]),
                                             ("fr" + key + siren), "FR" + key + "." + siren[:3] + "." + siren[3:6] + "." + siren[6:],
                                             "FR\u00a0" + key + "\u00a0" + siren])))
    for _ in range(n // 10):
        number = "000" + "".join(rng.choices(string.digits, k=6))
        cases.append(("Monaco (000…)", "FR" + f"{(int(number) * 100 + 12) % 97:02d}" + number))
        cases.append(("key with I or O", "FR" + rng.choice("IO") + rng.choice(VAT_ALPHABET) + number))
    return cases


# ------------------------------------------------------------------ import

def run_import(intake, base, label, type_name, header, rows):
    root = os.path.join(base, label)
    subprocess.run([intake, "init", root, "--workspace", "cmp"], check=True, stdout=subprocess.DEVNULL)
    path = os.path.join(base, label + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    subprocess.run([intake, "import", root, "--workspace", "cmp", "--type", type_name, path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sqlite3.connect(os.path.join(root, "data", "cmp.sqlite"))


def verdicts(db, table, id_column, field, value_column):
    issues = {rid: json.loads(text or "[]") for rid, text in db.execute("SELECT record_id, issues FROM entries")}
    stored = dict(db.execute(f"SELECT {id_column}, {value_column} FROM {table}"))
    out = {}
    for rid, found in issues.items():
        failing = [i["code"] for i in found if i.get("field") == field and i.get("severity", "error") == "error"]
        others = [i["code"] for i in found if i.get("field") != field and i.get("severity", "error") == "error"]
        out[rid] = (not failing and not others, failing, others, stored.get(rid))
    return out


def compare(name, cases, reference, results, extra=None):
    print(f"\n== {name}: {len(cases)} values")
    by_category = {}
    unexpected = []
    for index, (category, value) in enumerate(cases):
        accepted, failing, others, stored = results.get(str(index), (False, ["no entry"], [], None))
        if others:
            unexpected.append((category, value, f"row failed on other fields: {others}"))
        expected = reference(value)
        agree = accepted == (expected is not None) and (not accepted or stored == expected)
        row = by_category.setdefault(category, [0, 0, 0, 0])
        row[0] += 1
        row[1] += agree
        row[3] += accepted
        if extra is not None:
            row[2] += accepted == extra(value)
        if not agree:
            note = f"intake {'accepts, stores ' + repr(stored) if accepted else 'refuses ' + ','.join(failing)}; reference {'accepts ' + repr(expected) if expected else 'refuses'}"
            if not category.startswith("known:"):
                unexpected.append((category, value, note))
    width = max(len(c) for c in by_category)
    for category, (total, agree, second, accepted) in sorted(by_category.items()):
        tail = f"  (second reference agrees on {second})" if extra is not None else ""
        print(f"  {category:<{width}}  {total:5d}  intake accepts {accepted:5d}  agree {agree:5d}  differ {total - agree:4d}{tail}")
    for category, value, note in unexpected[:20]:
        print(f"  UNEXPECTED [{category}] {value!r}: {note}")
    if len(unexpected) > 20:
        print(f"  … {len(unexpected) - 20} more")
    return len(unexpected)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intake", default=os.path.join(PROJECT, ".build", "debug", "intake"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-country", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="intake-compare-") as base:
        payment = ["1.00", "EUR", "2026-06-01", "Acme"]
        header = ["payment_id", "amount", "currency", "due_date", "beneficiary_name",
                  "beneficiary_iban", "beneficiary_bic", "beneficiary_country", "company_registration"]

        ibans = iban_cases(rng, args.per_country)
        db = run_import(args.intake, base, "iban", "payments", header,
                        [[i] + payment + [v, "BNPAFRPP", "FR", ""] for i, (_, v) in enumerate(ibans)])
        failures += compare("IBAN (reference schwifty; second: stdnum without national checks)", ibans, ref_iban,
                            verdicts(db, "payments", "payment_id", "beneficiary_iban", "beneficiary_iban"),
                            extra=lambda v: std_iban.is_valid(v, check_country=False))

        for type_name, cases, ref, field, extra in [
            ("payments_history", bic_cases(rng, 1500), ref_bic, "beneficiary_bic", lambda v: SchwiftyBIC(v, allow_invalid=True).is_valid),
        ]:
            rows = [[i] + payment + ["FR1420041010050500013M02606", v, "FR", "", "2026-06-02"] for i, (_, v) in enumerate(cases)]
            db = run_import(args.intake, base, "bic", type_name, header + ["paid_at"], rows)
            failures += compare("BIC (reference stdnum; second: schwifty)", cases, ref,
                                verdicts(db, type_name, "payment_id", field, field), extra=extra)

        sirens = siren_cases(rng, 600)
        rows = [[i] + payment + ["FR1420041010050500013M02606", "BNPAFRPP", "FR", v] for i, (_, v) in enumerate(sirens)]
        db = run_import(args.intake, base, "siren", "payments", header, rows)
        failures += compare("SIREN / SIRET (reference stdnum fr.siren, fr.siret)", sirens, ref_siren_siret,
                            verdicts(db, "payments", "payment_id", "company_registration", "company_registration"))

        vats = vat_cases(rng, 800)
        rows = [[i, "Acme", "FR", v, "FR", "FR1420041010050500013M02606"] for i, (_, v) in enumerate(vats)]
        db = run_import(args.intake, base, "vat", "company_account_audits",
                        ["supplier_id", "company_name", "company_country_code", "tax_number", "bank_account_country_code", "iban"], rows)
        failures += compare("French VAT (reference stdnum fr.tva)", vats, ref_vat,
                            verdicts(db, "company_account_audits", "supplier_id", "tax_number", "tax_number"))

        beneficiary = ["bank_details.account_number", "bank_details.bank_code", "bank_details.account_country",
                       "bank_details.account_currency", "bank_details.account_name", "bank_details.bank_name",
                       "entity.individual_first_name", "entity.individual_last_name"]
        header = ["id", "entity_type"] + beneficiary
        abas = aba_cases(rng, 1500)
        rows = [[i, "INDIVIDUAL", "123456789", v, "US", "USD", "Jane Doe", "Bank", "Jane", "Doe"] for i, (_, v) in enumerate(abas)]
        db = run_import(args.intake, base, "aba", "beneficiaries", header, rows)
        failures += compare("ABA routing number (reference stdnum us.rtn + Federal Reserve prefixes)", abas, ref_aba,
                            verdicts(db, "beneficiaries", "id", "bank_details.bank_code", "bank_details_bank_code"))

        clabes = clabe_cases(rng, 1500)
        rows = [[i, "INDIVIDUAL", v, "", "MX", "MXN", "Juan Pérez", "Banco", "Juan", "Pérez"] for i, (_, v) in enumerate(clabes)]
        db = run_import(args.intake, base, "clabe", "beneficiaries", header, rows)
        failures += compare("CLABE (reference " + ("stdnum mx.clabe" if std_clabe else "an independent implementation") + ")",
                            clabes, ref_clabe,
                            verdicts(db, "beneficiaries", "id", "bank_details.account_number", "bank_details_account_number"))
    print(f"\n{failures} unexpected disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
