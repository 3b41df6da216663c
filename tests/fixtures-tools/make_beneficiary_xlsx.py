#!/usr/bin/env python3
"""A beneficiaries workbook as openpyxl writes it, with dotted columns Intake has
no field for (kept in the records' `extra`), Intake's former address names and
Papaya's `routing_number` alias: Fixtures/XLSX/openpyxl-beneficiaries-dotted.xlsx.

    pip install openpyxl   (3.1 here)
    python3 tests/fixtures-tools/make_beneficiary_xlsx.py Tests/IntakeTestSupport/Fixtures/XLSX
"""
import os
import sys

from openpyxl import Workbook

out = sys.argv[1] if len(sys.argv) > 1 else "."
wb = Workbook()
ws = wb.active
ws.title = "beneficiaries"
ws.append(["id", "entity_type", "bank_details.account_number", "bank_details.routing_number",
           "bank_details.account_country", "bank_details.account_currency", "bank_details.account_name",
           "bank_details.bank_name", "entity.individual_first_name", "entity.individual_last_name",
           "entity.address_street", "entity.address_zip_code", "entity.address_state",
           "bank_details.account_type", "entity.employee_number", "cost_center"])
# Papaya's example items 2 and 3, and a row whose routing number fails its checksum.
ws.append(["2", "INDIVIDUAL", "234567890567", "111000025", "US", "USD", "Patel Jason", "BANK OF AMERICA",
           "Jason", "Patel", "1235 Elm Street", "77001", "TX", "CHECKING", 42, "CC-9"])
ws.append(["3", "INDIVIDUAL", "345678901234", "026-009-593", "US", "USD", "Garcia Maria", "BANK OF AMERICA",
           "Maria", "Garcia", "1236 Elm Street", "77001", "TX", None, None, "CC-9"])
ws.append(["4", "INDIVIDUAL", "456789012345", "111000026", "US", "USD", "Lee Ann", "BANK OF AMERICA",
           "Ann", "Lee", "1237 Elm Street", "77001", "TX", "SAVINGS", 7, "CC-9"])
wb.save(os.path.join(out, "openpyxl-beneficiaries-dotted.xlsx"))
