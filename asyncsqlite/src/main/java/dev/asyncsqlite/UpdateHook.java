package dev.asyncsqlite;

/**
 * Told of every row a statement inserts, updates or deletes in a rowid table
 * ({@code sqlite3_update_hook}). Runs on the worker thread inside the statement; it must not use
 * the connection.
 */
@FunctionalInterface
public interface UpdateHook {
    /** What happened to the row. */
    enum Kind {
        /** A row was inserted. */
        INSERT,
        /** A row was updated. */
        UPDATE,
        /** A row was deleted. */
        DELETE
    }

    /**
     * A row changed.
     *
     * @param kind what happened
     * @param database the schema, such as {@code main}
     * @param table the table
     * @param rowId the row's rowid
     * @throws Exception anything; the statement then fails with it as the cause. SQLite cannot
     *     fail a statement from a hook, so the statement is interrupted, unless another statement
     *     of the connection is still open; a statement in its last step, or one that could not be
     *     interrupted, has made the change: roll the transaction back to be sure it is gone
     */
    void onUpdate(Kind kind, String database, String table, long rowId) throws Exception;
}
