package dev.asyncsqlite.internal.engine;

/**
 * An open SQLite database handle ({@code sqlite3*}). Confined to its worker thread, except
 * {@link #interrupt()}. Every method throws {@link dev.asyncsqlite.SqliteException} on failure.
 */
public interface NativeConnection {

    /**
     * Compiles one statement ({@code sqlite3_prepare_v2}); only the first statement of
     * {@code sql} is compiled, so callers pass exactly one.
     *
     * @param sql one non-empty SQL statement
     * @return the statement
     */
    NativeStatement prepare(String sql);

    /**
     * Runs zero or more statements without parameters ({@code sqlite3_exec}).
     *
     * @param sql the statements
     */
    void exec(String sql);

    /**
     * {@code sqlite3_changes64}.
     *
     * @return rows changed by the last completed INSERT, UPDATE or DELETE
     */
    long changes();

    /**
     * {@code sqlite3_total_changes64}.
     *
     * @return rows changed since the connection opened
     */
    long totalChanges();

    /**
     * {@code sqlite3_last_insert_rowid}.
     *
     * @return the row id of the most recent successful insert
     */
    long lastInsertRowId();

    /**
     * {@code sqlite3_get_autocommit} inverted.
     *
     * @return true while a transaction is open
     */
    boolean inTransaction();

    /**
     * Opens a transaction with {@code beginSql} unless one is open already.
     *
     * @param beginSql {@code BEGIN DEFERRED}, {@code BEGIN IMMEDIATE} or {@code BEGIN EXCLUSIVE}
     * @return true if this call opened a transaction, false if one was open
     */
    boolean beginIfNone(String beginSql);

    /**
     * {@code sqlite3_interrupt}: safe from any thread.
     */
    void interrupt();

    /**
     * {@code sqlite3_libversion}.
     *
     * @return the SQLite version, such as {@code 3.54.1}
     */
    String libVersion();

    /**
     * Finalizes every statement and closes the database ({@code sqlite3_close}). Idempotent.
     */
    void close();
}
