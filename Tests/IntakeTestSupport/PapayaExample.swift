/// Papaya Global's Bulk Import Beneficiary request example
/// (docs.papayaglobal.com, API Reference › Beneficiaries Management › Bulk
/// Import Beneficiary, "Request Example"): three US beneficiaries whose first
/// item has no `bank_name`, which Papaya's own response refuses.
///
/// Items 1 and 2 are as published, key order and the leading spaces of the
/// first names included. The stored copy this was taken from breaks off
/// inside item 3's `bank_details`; item 3 is rebuilt in the pattern of item 2
/// (a complete, valid US beneficiary with the same bank), its personal values
/// chosen for the test.
package enum PapayaExample {
    package static let bulkImportBeneficiary = """
        {
           "items": [
              {
                 "id": "1",
                 "entity_type": "INDIVIDUAL",
                 "bank_details": {
                    "account_number": "789456123012",
                    "bank_code": "111000025",
                    "account_country": "US",
                    "account_currency": "USD",
                    "account_name": "Anderson Emily"
                 },
                 "entity": {
                    "individual_last_name": "Anderson",
                    "address_country_subdivision": "TX",
                    "individual_first_name": " Emily",
                    "date_of_birth": "1985-06-05",
                    "address_line_1": "1234 Elm Street",
                    "address_city": "Houston",
                    "address_country": "US",
                    "address_postal_code": "77001"
                 }
              },
              {
                 "id": "2",
                 "entity_type": "INDIVIDUAL",
                 "bank_details": {
                    "bank_name": "BANK OF AMERICA",
                    "account_number": "234567890567",
                    "bank_code": "111000025",
                    "account_country": "US",
                    "account_currency": "USD",
                    "account_name": "Patel Jason"
                 },
                 "entity": {
                    "individual_last_name": "Patel",
                    "address_country_subdivision": "TX",
                    "individual_first_name": " Jason",
                    "date_of_birth": "1986-12-02",
                    "address_line_1": "1235 Elm Street",
                    "address_city": "Houston",
                    "address_country": "US",
                    "address_postal_code": "77001"
                 }
              },
              {
                 "id": "3",
                 "entity_type": "INDIVIDUAL",
                 "bank_details": {
                    "bank_name": "BANK OF AMERICA",
                    "account_number": "345678901234",
                    "bank_code": "111000025",
                    "account_country": "US",
                    "account_currency": "USD",
                    "account_name": "Garcia Maria"
                 },
                 "entity": {
                    "individual_last_name": "Garcia",
                    "address_country_subdivision": "TX",
                    "individual_first_name": "Maria",
                    "date_of_birth": "1990-03-14",
                    "address_line_1": "1236 Elm Street",
                    "address_city": "Houston",
                    "address_country": "US",
                    "address_postal_code": "77001"
                 }
              }
           ]
        }
        """
}
