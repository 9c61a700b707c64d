package dev.asyncsqlite;

/**
 * SQLite's run-time limits ({@code sqlite3_limit}), for {@link Connection#getLimit} and
 * {@link Connection#setLimit}.
 */
public enum SqliteLimit {
    /** Largest string or blob, in bytes. */
    LENGTH(0),
    /** Longest SQL text, in bytes. */
    SQL_LENGTH(1),
    /** Most columns in a table, index, view or result. */
    COLUMN(2),
    /** Deepest expression tree. */
    EXPR_DEPTH(3),
    /** Most terms in a compound SELECT. */
    COMPOUND_SELECT(4),
    /** Most virtual machine instructions for one statement. */
    VDBE_OP(5),
    /** Most arguments to a function. */
    FUNCTION_ARG(6),
    /** Most attached databases. */
    ATTACHED(7),
    /** Longest LIKE or GLOB pattern. */
    LIKE_PATTERN_LENGTH(8),
    /** Largest parameter index. */
    VARIABLE_NUMBER(9),
    /** Deepest trigger recursion. */
    TRIGGER_DEPTH(10),
    /** Most auxiliary worker threads for one statement. */
    WORKER_THREADS(11);

    private final int id;

    SqliteLimit(int id) {
        this.id = id;
    }

    /**
     * SQLite's number for the limit ({@code SQLITE_LIMIT_*}).
     *
     * @return the id
     */
    public int id() {
        return id;
    }
}
