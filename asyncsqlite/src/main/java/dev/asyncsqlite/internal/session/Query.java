package dev.asyncsqlite.internal.session;

import java.util.OptionalLong;

/**
 * The result of one statement run: its shape, whether rows remain, {@code lastrowid} as read after
 * its first step and, once the statement has finished, {@code rowcount}. The statement itself is
 * touched only on the worker; the public fields are written there before the future that reports
 * them completes.
 */
public final class Query {
    final StatementCache.Entry entry;
    final RowShape shape;
    final SqlText text;
    private final OptionalLong lastRowId;
    // Worker thread only: true while a row is ready at the statement.
    boolean hasRow;
    // Worker thread only: true while the statement is stepped and not yet reset.
    boolean active;
    private volatile boolean done;
    private volatile long rowCount = -1;

    Query(StatementCache.Entry entry, RowShape shape, SqlText text, boolean hasRow, OptionalLong lastRowId) {
        this.entry = entry;
        this.shape = shape;
        this.text = text;
        this.hasRow = hasRow;
        this.lastRowId = lastRowId;
    }

    /**
     * A finished query with no rows.
     *
     * @param rowCount the row count
     * @return the query
     */
    static Query finished(long rowCount) {
        Query q = new Query(null, RowShape.NONE, null, false, OptionalLong.empty());
        q.finish(rowCount);
        return q;
    }

    void finish(long rowCount) {
        this.rowCount = rowCount;
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
     * {@code lastrowid} as read after the query's first step, if it was asked for.
     *
     * @return the row id, or empty
     */
    public OptionalLong lastRowId() {
        return lastRowId;
    }
}
