package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeStatement;
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
    private String[] columns = new String[0];
    private DqliteClient.Batch batch;
    private Object[] row;
    private boolean closed;

    DqliteStatement(DqliteConnection connection, String sql, int id, int parameters, int generation) {
        this.connection = connection;
        this.sql = sql;
        this.id = id;
        this.parameters = parameters;
        this.generation = generation;
        this.query = yieldsRows(sql);
    }

    // Statements that return rows: queries, and changes with RETURNING.
    static boolean yieldsRows(String sql) {
        switch (DqliteConnection.firstKeyword(sql)) {
            case "SELECT":
            case "VALUES":
            case "WITH":
            case "PRAGMA":
            case "EXPLAIN":
                return true;
            default:
                return sql.toUpperCase(Locale.ROOT).contains("RETURNING");
        }
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
        if (connection.checkTransaction(sql)) {
            return false;
        }
        DqliteClient client = connection.client();
        if (connection.checkTransaction(sql)) {
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
            long[] result = connection.run(sql, () -> client.exec(db, stmt, values, sql), null);
            if (result != null) {
                connection.executed(result, sql);
            }
            return false;
        }
        batch = connection.run(sql, () -> client.query(db, stmt, values, sql, false), null);
        if (batch == null) {
            return false;
        }
        columns = batch.columns;
        connection.follow(sql);
        return step();
    }

    @Override
    public boolean step() {
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
                throw e;
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
            }
            batch = null;
        }
        row = null;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            finishQuery();
            DqliteClient client = connection.currentClient();
            if (!client.isBroken() && generation == connection.generation()) {
                try {
                    client.finalizeStatement(connection.db(), id);
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
