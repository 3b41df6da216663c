import IntakeCore
import IntakePostgres
import IntakeSQLite
import IntakeSystem

extension PostgresMove {
    /// Upserts every row of `webhook_deliveries` as it is (state, attempts and
    /// next attempt included, so a delivered notice is not sent again and an
    /// owed one keeps its id), in one transaction.
    func copyDeliveries(from catalogue: SQLiteCatalogue, on connection: PostgresConnection) throws {
        let deliveries = try catalogue.deliveries(state: nil, limit: -1)
        let names = WebhookDelivery.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let updates = names.filter { $0 != "delivery_id" }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        try connection.prepare("intake_move_delivery", """
            INSERT INTO intake.webhook_deliveries (\(WebhookDelivery.columns))
            VALUES (\((1...names.count).map { "$\($0)" }.joined(separator: ",")))
            ON CONFLICT (delivery_id) DO UPDATE SET \(updates)
            """)
        try transaction(connection) {
            for delivery in deliveries { _ = try connection.run(prepared: "intake_move_delivery", delivery.columnTexts) }
        }
    }
}
