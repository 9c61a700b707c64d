package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.session.SqlText;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.SqliteValues;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A statement prepared on the leader. A statement that yields rows runs as a dqlite query, whose
 * rows come in batches; any other runs as an exec, which reports the rows changed. Declared
 * column types are not on dqlite's wire, so {@link #columnDeclType} is always {@code null}.
 */
final class DqliteStatement implements NativeStatement {
    private final DqliteConnection connection;
    private final String sql;
    private int id;
    private int generation;
    private final int parameters;
    private final boolean query;
    // Read once: what running this statement does to the transaction state.
    private final DqliteConnection.Effect effect;
    private String[] columns = new String[0];
    private DqliteClient.Batch batch;
    private Object[] row;
    private boolean closed;
    private boolean dropped;

    DqliteStatement(DqliteConnection connection, String sql, boolean query, int id, int parameters, int generation) {
        this.connection = connection;
        this.sql = sql;
        this.query = query;
        this.effect = DqliteConnection.Effect.of(sql);
        this.id = id;
        this.parameters = parameters;
        this.generation = generation;
    }

    private static final java.util.regex.Pattern RETURNING = java.util.regex.Pattern.compile("(?i)\\bRETURNING\\b");

    // Pragmas that take an argument and only read.
    private static final java.util.Set<String> READING_PRAGMAS = java.util.Set.of("TABLE_INFO", "TABLE_XINFO",
            "INDEX_LIST", "INDEX_INFO", "INDEX_XINFO", "FOREIGN_KEY_LIST", "FOREIGN_KEY_CHECK", "INTEGRITY_CHECK",
            "QUICK_CHECK");

    /**
     * Whether a statement runs as a dqlite query (it yields rows and writes nothing) rather than
     * an exec. dqlite 1.11 must see every write as an exec: a write sent as a query aborts the
     * node (an assertion in its VFS), so a change with {@code RETURNING} is refused.
     *
     * @throws NotSupportedException for a change with {@code RETURNING}
     */
    static boolean yieldsRows(String sql) {
        SqlText text = SqlText.parse(sql);
        if (text.isReadOnlyQuery() || text.keyword().equals("EXPLAIN")) {
            return true;
        }
        if (text.keyword().equals("PRAGMA")) {
            String body = sql.strip().substring("PRAGMA".length()).strip().toUpperCase(Locale.ROOT);
            int paren = body.indexOf('(');
            if (body.contains("=")) {
                return false;
            }
            if (paren < 0) {
                return true;
            }
            String name = body.substring(0, paren).strip();
            int dot = name.indexOf('.');
            return READING_PRAGMAS.contains(dot < 0 ? name : name.substring(dot + 1));
        }
        if (RETURNING.matcher(sql).find() && (text.isDml() || text.keyword().equals("WITH"))) {
            throw new NotSupportedException("RETURNING is not supported by the dqlite engine: dqlite runs a statement that"
                    + " returns rows as a query, and a write sent as a query aborts a dqlite 1.11 node");
        }
        return false;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public int columnCount() {
        return columns.length;
    }

    @Override
    public String columnName(int column) {
        return columns[column];
    }

    @Override
    public String columnDeclType(int column) {
        return null;
    }

    @Override
    public boolean bindAndStep(Object[] values) {
        finishQuery();
        if (values.length != parameters) {
            throw dev.asyncsqlite.internal.engine.SqliteErrors.wrongParameterCount(parameters, values.length, sql);
        }
        if (connection.checkTransaction(sql, effect)) {
            return false;
        }
        DqliteClient client = connection.client(this);
        if (connection.checkTransaction(sql, effect)) {
            return false;
        }
        if (generation != connection.generation()) {
            // The connection was opened again: prepare on the new one.
            id = (int) client.prepare(connection.db(), sql)[0];
            generation = connection.generation();
        }
        int stmt = id;
        int db = connection.db();
        if (!query) {
            long[] result = connection.run(sql, effect, () -> client.exec(db, stmt, values, sql), null);
            if (result != null) {
                connection.executed(result, effect);
            }
            return false;
        }
        batch = connection.run(sql, effect, () -> client.query(db, stmt, values, sql, false), null);
        if (batch == null) {
            return false;
        }
        if (!batch.done) {
            connection.streaming(this);
        }
        columns = batch.columns;
        connection.follow(effect);
        return step();
    }

    /**
     * Reads the rest of this query's rows into its buffer, because another statement needs the
     * connection. Past {@link #MAX_BUFFERED_ROWS} the query is cut instead, and reading on fails.
     */
    void readRest() {
        if (batch == null || batch.done) {
            return;
        }
        java.util.ArrayDeque<Object[]> rows = batch.rows;
        boolean done = false;
        try {
            while (!done) {
                if (rows.size() > MAX_BUFFERED_ROWS) {
                    connection.currentClient().abortQuery();
                    dropped = true;
                    return;
                }
                DqliteClient.Batch next = connection.currentClient().nextBatch(sql, false);
                rows.addAll(next.rows);
                done = next.done;
            }
        } catch (SqliteException e) {
            dropped = true;
            return;
        }
        batch = new DqliteClient.Batch(batch.columns, rows, true);
    }

    /** The most rows of an unfinished query kept when another statement needs the connection. */
    static final int MAX_BUFFERED_ROWS = 100_000;

    @Override
    public boolean step() {
        if (dropped) {
            dropped = false;
            batch = null;
            row = null;
            throw dev.asyncsqlite.internal.engine.SqliteErrors.create(DqliteClient.SQLITE_IOERR,
                    "the rest of this query's rows were dropped: another statement ran on the connection while more than "
                            + MAX_BUFFERED_ROWS + " of them were unread, and a dqlite connection runs one query at a time",
                    sql, null);
        }
        while (batch != null) {
            row = batch.rows.poll();
            if (row != null) {
                return true;
            }
            if (batch.done) {
                batch = null;
                return false;
            }
            try {
                // The rows come on the connection the query started on; if that was cut, this fails.
                batch = connection.currentClient().nextBatch(sql, false);
            } catch (SqliteException e) {
                batch = null;
                connection.streaming(null);
                throw e;
            }
            if (batch.done) {
                connection.streaming(null);
            }
        }
        row = null;
        return false;
    }

    @Override
    public void readRow(Object[] into, boolean textAsBytes) {
        for (int i = 0; i < into.length; i++) {
            Object v = row[i];
            into[i] = textAsBytes && v instanceof String ? ((String) v).getBytes(StandardCharsets.UTF_8) : v;
        }
    }

    // The row came decoded off the wire: SQLite's conversions are made here.

    @Override
    public int columnType(int column) {
        return SqliteValues.type(row[column]);
    }

    @Override
    public long columnLong(int column) {
        return SqliteValues.toLong(row[column]);
    }

    @Override
    public double columnDouble(int column) {
        return SqliteValues.toDouble(row[column]);
    }

    @Override
    public String columnText(int column) {
        return SqliteValues.toText(row[column]);
    }

    @Override
    public byte[] columnBlob(int column) {
        return SqliteValues.toBlob(row[column]);
    }

    @Override
    public void reset() {
        finishQuery();
    }

    // A query whose rows were not all read is stopped by cutting the connection: a dqlite node
    // reads nothing else until it has sent every row. The next statement opens it again.
    private void finishQuery() {
        if (batch != null) {
            if (!batch.done) {
                connection.currentClient().abortQuery();
                connection.streaming(null);
            }
            batch = null;
        }
        row = null;
        dropped = false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            finishQuery();
            if (!connection.currentClient().isBroken() && generation == connection.generation()) {
                try {
                    connection.client(this).finalizeStatement(connection.db(), id);
                } catch (SqliteException e) {
                    // the statement goes with the connection
                }
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
