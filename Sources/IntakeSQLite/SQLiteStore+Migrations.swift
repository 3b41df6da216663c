import IntakeCore
import IntakeSystem
/// The named, frozen steps of a workspace store (`data/WORKSPACE.sqlite`),
/// in release order. Never edit a released step: add one (see ``SchemaMigrations``).
extension SQLiteStore {
    package static let migrations: SchemaMigrations = {
        var migrator = SchemaMigrations()
        migrator.register("v1-payments", sql: """
            CREATE TABLE applied_jobs (
                seq INTEGER PRIMARY KEY,
                job_id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            CREATE TABLE entries (
                id INTEGER PRIMARY KEY,
                line INTEGER,
                record_id TEXT,
                failed INTEGER NOT NULL,
                issues TEXT,
                job_seq INTEGER GENERATED ALWAYS AS (id >> 32) VIRTUAL,
                row INTEGER GENERATED ALWAYS AS (id & 4294967295) VIRTUAL,
                status TEXT GENERATED ALWAYS AS (CASE failed WHEN 0 THEN 'SUCCESS' ELSE 'FAILED' END) VIRTUAL
            );
            CREATE TABLE payments (
                payment_id TEXT PRIMARY KEY NOT NULL,
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                due_date TEXT NOT NULL,
                beneficiary_name TEXT NOT NULL,
                beneficiary_iban TEXT NOT NULL,
                beneficiary_bic TEXT NOT NULL,
                beneficiary_country TEXT NOT NULL,
                reference TEXT,
                supplier_id TEXT,
                company_registration TEXT,
                debtor_iban TEXT,
                debtor_name TEXT,
                end_to_end_id TEXT,
                job_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
        // The other four types, written out as they were created (from the schemas of
        // that day). `beneficiary_bic` stays NOT NULL: an IBAN-only payment stores "".
        migrator.register("v2-other-types", sql: """
            CREATE TABLE payments_history (
                payment_id TEXT PRIMARY KEY NOT NULL,
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                due_date TEXT NOT NULL,
                beneficiary_name TEXT NOT NULL,
                beneficiary_iban TEXT NOT NULL,
                beneficiary_bic TEXT NOT NULL,
                beneficiary_country TEXT NOT NULL,
                reference TEXT,
                supplier_id TEXT,
                company_registration TEXT,
                debtor_iban TEXT,
                debtor_name TEXT,
                end_to_end_id TEXT,
                paid_at TEXT NOT NULL,
                job_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE company_account_audits (
                supplier_id TEXT PRIMARY KEY NOT NULL,
                company_name TEXT,
                company_country_code TEXT,
                company_registration TEXT,
                tax_number TEXT,
                duns TEXT,
                first_name TEXT,
                last_name TEXT,
                natural_person_country_code TEXT,
                birthdate TEXT,
                bank_account_country_code TEXT NOT NULL,
                iban TEXT,
                bank_account_number TEXT,
                bic_code TEXT,
                routing_number TEXT,
                job_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE company_account_checks (
                custom_id TEXT PRIMARY KEY NOT NULL,
                company_name TEXT,
                company_country_code TEXT,
                company_registration TEXT,
                tax_number TEXT,
                duns TEXT,
                first_name TEXT,
                last_name TEXT,
                natural_person_country_code TEXT,
                birthdate TEXT,
                bank_account_country_code TEXT NOT NULL,
                iban TEXT,
                bank_account_number TEXT,
                bic_code TEXT,
                routing_number TEXT,
                company_raw_address TEXT,
                job_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE beneficiaries (
                id TEXT PRIMARY KEY NOT NULL,
                entity_type TEXT NOT NULL,
                country TEXT,
                currency TEXT,
                bank_details_account_number TEXT NOT NULL,
                bank_details_bank_code TEXT,
                bank_details_account_country TEXT NOT NULL,
                bank_details_account_currency TEXT NOT NULL,
                bank_details_account_name TEXT NOT NULL,
                bank_details_bank_name TEXT NOT NULL,
                entity_individual_first_name TEXT,
                entity_individual_last_name TEXT,
                entity_date_of_birth TEXT,
                entity_company_name TEXT,
                entity_address_street TEXT,
                entity_address_city TEXT,
                entity_address_zip_code TEXT,
                entity_address_state TEXT,
                entity_address_country TEXT,
                job_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
        // Issue 24: beneficiaries with Papaya's own address names, a branch code, and
        // `extra` (the properties of entity and bank_details that are not fields, as
        // JSON). Renamed, not rebuilt: an existing store keeps its data under the new
        // names. The same SQL is PostgresSchema.storeMigrations' "v2-papaya-names".
        migrator.register("v3-papaya-names", sql: """
            ALTER TABLE beneficiaries RENAME COLUMN entity_address_street TO entity_address_line_1;
            ALTER TABLE beneficiaries RENAME COLUMN entity_address_zip_code TO entity_address_postal_code;
            ALTER TABLE beneficiaries RENAME COLUMN entity_address_state TO entity_address_country_subdivision;
            ALTER TABLE beneficiaries ADD COLUMN entity_address_line_2 TEXT;
            ALTER TABLE beneficiaries ADD COLUMN bank_details_branch_code TEXT;
            ALTER TABLE beneficiaries ADD COLUMN extra TEXT;
            """)
        return migrator
    }()
}
