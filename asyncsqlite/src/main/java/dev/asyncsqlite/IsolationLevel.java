package dev.asyncsqlite;

/**
 * How a connection opens transactions, mirroring the {@code isolation_level} of Python's
 * {@code sqlite3}.
 *
 * <p>With {@link #DEFERRED}, {@link #IMMEDIATE} or {@link #EXCLUSIVE} the connection begins a
 * transaction implicitly (with {@code BEGIN DEFERRED}, {@code BEGIN IMMEDIATE} or
 * {@code BEGIN EXCLUSIVE}) before an {@code INSERT}, {@code UPDATE}, {@code DELETE} or
 * {@code REPLACE} statement when none is open; it stays open until
 * {@link Connection#commit()} or {@link Connection#rollback()}. With {@link #AUTOCOMMIT} nothing
 * is begun implicitly and every statement outside an explicit {@code BEGIN} commits on its own.
 */
public enum IsolationLevel {
    /** {@code BEGIN DEFERRED}: locks are taken when first needed. The default, as in {@code sqlite3}. */
    DEFERRED("BEGIN DEFERRED"),
    /** {@code BEGIN IMMEDIATE}: the write lock is taken at once. */
    IMMEDIATE("BEGIN IMMEDIATE"),
    /** {@code BEGIN EXCLUSIVE}: no other connection may read or write until the transaction ends. */
    EXCLUSIVE("BEGIN EXCLUSIVE"),
    /** No implicit transactions: {@code sqlite3}'s {@code isolation_level=None}. */
    AUTOCOMMIT(null);

    private final String beginStatement;

    IsolationLevel(String beginStatement) {
        this.beginStatement = beginStatement;
    }

    /**
     * The statement that opens a transaction at this level.
     *
     * @return the {@code BEGIN ...} statement, or {@code null} for {@link #AUTOCOMMIT}
     */
    public String beginStatement() {
        return beginStatement;
    }
}
