package dev.asyncsqlite;

import java.util.Objects;

/**
 * One row that a committed transaction inserted, updated or deleted, as SQLite's update hook
 * ({@code sqlite3_update_hook}) reported it while the transaction ran: what
 * {@link LiveQueries#changes()} publishes.
 *
 * <p>SQLite's update hook, and so this record, covers rows of rowid tables only. It does not
 * report rows of {@code WITHOUT ROWID} tables, rows a {@code DELETE} without {@code WHERE} removes
 * by SQLite's truncate optimization, rows that {@code REPLACE} conflict resolution deletes (the row
 * that replaces them is reported as an {@link Operation#INSERT}), nor changes to internal tables
 * such as {@code sqlite_sequence}. Rows changed by triggers and foreign key actions are reported.
 *
 * @param schema the schema of the table: {@code main}, {@code temp} or an attached database's name
 * @param table the table, as its {@code CREATE TABLE} spells it
 * @param operation what happened to the row
 * @param rowId the row's rowid; for an update, its rowid after the update
 */
public record Change(String schema, String table, Operation operation, long rowId) {

    /** What happened to a row. */
    public enum Operation {
        /** The row was inserted. */
        INSERT,
        /** The row was updated. */
        UPDATE,
        /** The row was deleted. */
        DELETE
    }

    /**
     * Checks the components.
     *
     * @param schema the schema
     * @param table the table
     * @param operation the operation
     * @param rowId the rowid
     * @throws NullPointerException if {@code schema}, {@code table} or {@code operation} is null
     */
    public Change {
        Objects.requireNonNull(schema, "schema must not be null");
        Objects.requireNonNull(table, "table must not be null");
        Objects.requireNonNull(operation, "operation must not be null");
    }
}
