extension RecordSchema {
    /// The `CREATE TABLE` of the type's records: one column per field, the
    /// record id as primary key, and the sequence of the job that stored it.
    var tableDefinition: String {
        var columns = fields.enumerated().map { index, field in
            let type = field.kind == .decimal ? "INTEGER" : "TEXT"
            let key = index == idField ? " PRIMARY KEY" : ""
            return "    " + ImportTransaction.column(field) + " " + type + key + (field.required ? " NOT NULL" : "")
        }
        columns.append("    job_seq INTEGER NOT NULL")
        return "CREATE TABLE \(type.name) (\n" + columns.joined(separator: ",\n") + "\n) WITHOUT ROWID;"
    }
}
