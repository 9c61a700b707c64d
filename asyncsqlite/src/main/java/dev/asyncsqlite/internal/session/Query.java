package dev.asyncsqlite.internal.session;

import java.util.OptionalLong;

/**
 * The result of one statement run: its shape, whether rows remain, and, once the statement has
 * finished, {@code rowcount} and {@code lastrowid}. The statement itself is touched only on the
 * worker; the public fields are written there before the future that reports them completes.
 */
public final class Query {
    final StatementCache.Entry entry;
    final RowShape shape;
    final SqlText text;
    final boolean wantsLastRowId;
    // Worker thread only: true while a row is ready at the statement.
    boolean hasRow;
    private volatile boolean done;
    private volatile long rowCount = -1;
    private volatile OptionalLong lastRowId = OptionalLong.empty();

    Query(StatementCache.Entry entry, RowShape shape, SqlText text, boolean hasRow, boolean wantsLastRowId) {
        this.wantsLastRowId = wantsLastRowId;
        this.entry = entry;
        this.shape = shape;
        this.text = text;
        this.hasRow = hasRow;
    }

    /**
     * A finished query with no rows.
     *
     * @param rowCount the row count
     * @return the query
     */
    static Query finished(long rowCount) {
        Query q = new Query(null, RowShape.NONE, null, false, false);
        q.finish(rowCount, OptionalLong.empty());
        return q;
    }

    void finish(long rowCount, OptionalLong lastRowId) {
        this.rowCount = rowCount;
        this.lastRowId = lastRowId;
        this.done = true;
    }

    /**
     * Whether every row has been read and the statement released.
     *
     * @return true when finished
     */
    public boolean isDone() {
        return done;
    }

    /**
     * The columns.
     *
     * @return the shape
     */
    public RowShape shape() {
        return shape;
    }

    /**
     * {@code rowcount} once finished: the changes of a DML statement, otherwise -1.
     *
     * @return the row count
     */
    public long rowCount() {
        return rowCount;
    }

    /**
     * {@code lastrowid} set by this query, if it was an insert that finished.
     *
     * @return the row id, or empty
     */
    public OptionalLong lastRowId() {
        return lastRowId;
    }
}
