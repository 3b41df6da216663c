#!/usr/bin/env python3
"""Check `intake types beneficiaries --corridor …` against the JSON Schema standard.

Run from the project root after `swift build`:

    pip install jsonschema
    python3 tests/standards/check_corridor_schema.py [--intake .build/debug/intake]

For every corridor of the table (and an IBAN country), the printed schema must
be a valid draft 2020-12 schema (jsonschema's meta-schema check). The US/USD
schema must accept the valid items of Papaya's Bulk Import Beneficiary example
(Tests/IntakeTestSupport/PapayaExample.swift), refuse its first item
(no bank_name) and refuse a routing number of the wrong format. The Swift test
CorridorSchemaTests checks the same without Python, with a subset evaluator.
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys

from jsonschema import Draft202012Validator

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))
CORRIDORS = ["US/USD", "CA/CAD", "GB/GBP", "AU/AUD", "IN/INR", "MX/MXN", "JP/JPY", "ZA/ZAR", "FR/EUR", "BR/BRL"]


def schema(intake, corridor):
    out = subprocess.run([intake, "types", "beneficiaries", "--corridor", corridor], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def example_items():
    src = open(os.path.join(PROJECT, "Tests/IntakeTestSupport/PapayaExample.swift"), encoding="utf-8").read()
    body = re.search(r'"""\n(.*?)\n\s*"""', src, re.S).group(1)
    return json.loads(body)["items"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intake", default=os.path.join(PROJECT, ".build", "debug", "intake"))
    args = parser.parse_args()
    failures = []
    for entity in ["INDIVIDUAL", "BUSINESS"]:
        for corridor in CORRIDORS:
            try:
                Draft202012Validator.check_schema(schema(args.intake, f"{entity}/{corridor}"))
            except Exception as error:  # noqa: BLE001 - report every corridor
                failures.append(f"{entity}/{corridor}: not a valid draft 2020-12 schema: {error}")
    print(f"meta-schema check: {2 * len(CORRIDORS)} corridor schemas, {len(failures)} invalid")

    us = Draft202012Validator(schema(args.intake, "INDIVIDUAL/US/USD"))
    items = example_items()
    verdicts = [not list(us.iter_errors(item)) for item in items]
    print(f"Papaya example items accepted: {verdicts}")
    if verdicts != [False, True, True]:
        failures.append(f"expected the first item refused and the others accepted, got {verdicts}")
    messages = [e.message for e in us.iter_errors(items[0])]
    if not any("bank_name" in m for m in messages):
        failures.append(f"item 1 is not refused for bank_name: {messages}")
    for routing, accepted in [("11100002", False), ("11100002A", False), ("1110000250", False), ("111-000-025", True)]:
        item = copy.deepcopy(items[1])
        item["bank_details"]["bank_code"] = routing
        if us.is_valid(item) != accepted:
            failures.append(f"bank_code {routing!r}: expected {'accepted' if accepted else 'refused'}")
    for failure in failures:
        print("FAIL", failure)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
