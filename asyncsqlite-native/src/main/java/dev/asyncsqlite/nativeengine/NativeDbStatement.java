package dev.asyncsqlite.nativeengine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeStatement;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** A {@code sqlite3_stmt*}: binds from Java values, reads columns straight from native memory. */
final class NativeDbStatement implements NativeStatement {
    private final NativeDbConnection connection;
    private final String sql;
    private MemorySegment stmt;

    NativeDbStatement(NativeDbConnection connection, String sql, MemorySegment stmt) {
        this.connection = connection;
        this.sql = sql;
        this.stmt = stmt;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public int columnCount() {
        try {
            return (int) Sqlite3.Api.COLUMN_COUNT.invokeExact(stmt);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public String columnName(int column) {
        try {
            return Sqlite3.string((MemorySegment) Sqlite3.Api.COLUMN_NAME.invokeExact(stmt, column));
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public String columnDeclType(int column) {
        try {
            return Sqlite3.string((MemorySegment) Sqlite3.Api.COLUMN_DECLTYPE.invokeExact(stmt, column));
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public boolean bindAndStep(Object[] values) {
        try {
            if (values.length > 0) {
                bind(values);
            }
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
        return step();
    }

    private void bind(Object[] values) throws Throwable {
        Arena arena = null;
        try {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                int index = i + 1;
                int rc;
                if (v == null) {
                    rc = (int) Sqlite3.Api.BIND_NULL.invokeExact(stmt, index);
                } else if (v instanceof Long l) {
                    rc = (int) Sqlite3.Api.BIND_INT64.invokeExact(stmt, index, (long) l);
                } else if (v instanceof Double d) {
                    rc = (int) Sqlite3.Api.BIND_DOUBLE.invokeExact(stmt, index, (double) d);
                } else {
                    boolean text = v instanceof String;
                    byte[] bytes = text ? ((String) v).getBytes(StandardCharsets.UTF_8) : (byte[]) v;
                    if (arena == null) {
                        arena = Arena.ofConfined();
                    }
                    MemorySegment data = bytes.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, bytes);
                    rc = text ? (int) Sqlite3.Api.BIND_TEXT.invokeExact(stmt, index, data, bytes.length, Sqlite3.TRANSIENT)
                            : (int) Sqlite3.Api.BIND_BLOB.invokeExact(stmt, index, data, bytes.length, Sqlite3.TRANSIENT);
                }
                if (rc != Sqlite3.OK) {
                    throw connection.error(rc, sql);
                }
            }
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    @Override
    public boolean step() {
        int rc;
        try {
            rc = (int) Sqlite3.Api.STEP.invokeExact(stmt);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
        if (rc == Sqlite3.ROW) {
            return true;
        }
        if (rc == Sqlite3.DONE) {
            return false;
        }
        throw connection.error(rc, sql);
    }

    @Override
    public void readRow(Object[] into, boolean textAsBytes) {
        try {
            for (int i = 0; i < into.length; i++) {
                switch ((int) Sqlite3.Api.COLUMN_TYPE.invokeExact(stmt, i)) {
                    case INTEGER -> into[i] = (long) Sqlite3.Api.COLUMN_INT64.invokeExact(stmt, i);
                    case FLOAT -> into[i] = (double) Sqlite3.Api.COLUMN_DOUBLE.invokeExact(stmt, i);
                    case TEXT -> {
                        MemorySegment text = (MemorySegment) Sqlite3.Api.COLUMN_TEXT.invokeExact(stmt, i);
                        int bytes = (int) Sqlite3.Api.COLUMN_BYTES.invokeExact(stmt, i);
                        into[i] = textAsBytes ? Sqlite3.bytes(text, bytes) : Sqlite3.utf8(text, bytes, connection.textScratch);
                    }
                    case BLOB -> {
                        MemorySegment blob = (MemorySegment) Sqlite3.Api.COLUMN_BLOB.invokeExact(stmt, i);
                        into[i] = Sqlite3.bytes(blob, (int) Sqlite3.Api.COLUMN_BYTES.invokeExact(stmt, i));
                    }
                    default -> into[i] = null;
                }
            }
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public int columnType(int column) {
        try {
            return (int) Sqlite3.Api.COLUMN_TYPE.invokeExact(stmt, column);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public long columnLong(int column) {
        try {
            return (long) Sqlite3.Api.COLUMN_INT64.invokeExact(stmt, column);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public double columnDouble(int column) {
        try {
            return (double) Sqlite3.Api.COLUMN_DOUBLE.invokeExact(stmt, column);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public String columnText(int column) {
        try {
            MemorySegment text = (MemorySegment) Sqlite3.Api.COLUMN_TEXT.invokeExact(stmt, column);
            if (text.equals(MemorySegment.NULL)) {
                // NULL, or an empty blob read as text.
                return (int) Sqlite3.Api.COLUMN_TYPE.invokeExact(stmt, column) == NULL ? null : "";
            }
            return Sqlite3.utf8(text, (int) Sqlite3.Api.COLUMN_BYTES.invokeExact(stmt, column), connection.textScratch);
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public byte[] columnBlob(int column) {
        try {
            MemorySegment blob = (MemorySegment) Sqlite3.Api.COLUMN_BLOB.invokeExact(stmt, column);
            if (blob.equals(MemorySegment.NULL)) {
                // sqlite3_column_blob has no pointer for NULL and for an empty value alike.
                return (int) Sqlite3.Api.COLUMN_TYPE.invokeExact(stmt, column) == NULL ? null : new byte[0];
            }
            return Sqlite3.bytes(blob, (int) Sqlite3.Api.COLUMN_BYTES.invokeExact(stmt, column));
        } catch (Throwable t) {
            throw NativeDbConnection.unexpected(t);
        }
    }

    @Override
    public void reset() {
        if (stmt != null) {
            try {
                int ignored = (int) Sqlite3.Api.RESET.invokeExact(stmt);
            } catch (Throwable t) {
                throw NativeDbConnection.unexpected(t);
            }
        }
    }

    @Override
    public void close() {
        if (stmt != null) {
            MemorySegment s = stmt;
            stmt = null;
            connection.forget(this);
            try {
                int ignored = (int) Sqlite3.Api.FINALIZE.invokeExact(s);
            } catch (Throwable t) {
                throw NativeDbConnection.unexpected(t);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return stmt == null;
    }
}
