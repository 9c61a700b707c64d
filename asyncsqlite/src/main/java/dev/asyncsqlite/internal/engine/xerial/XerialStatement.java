package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeStatement;
import java.sql.SQLException;
import org.sqlite.core.DB;

/** A prepared statement of the sqlite-jdbc engine: calls go straight to {@code DB}'s natives. */
final class XerialStatement implements NativeStatement {
    private static final int SQLITE_ROW = 100;
    private static final int SQLITE_DONE = 101;
    private static final byte[] EMPTY = new byte[0];

    private final DB db;
    private final StatementHandle handle;
    private final long pointer;
    private final String sql;

    XerialStatement(DB db, StatementHandle handle, String sql) throws SQLException {
        this.db = db;
        this.handle = handle;
        this.sql = sql;
        this.pointer = handle.pointer.safeRunLong((database, ptr) -> ptr);
    }

    boolean isEmpty() {
        return pointer == 0;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public int columnCount() {
        try {
            return db.column_count(pointer);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public String columnName(int column) {
        try {
            return db.column_name(pointer, column);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public String columnDeclType(int column) {
        try {
            return db.column_decltype(pointer, column);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public boolean bindAndStep(Object[] values) {
        try {
            // Binds every value, then steps once; on most errors sqlite-jdbc finalizes the handle,
            // which isClosed() then reports so the cache drops it.
            return db.execute(handle, values.length == 0 ? null : values);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    // sqlite-jdbc has no sqlite3_last_insert_rowid: one step of a cached SELECT, read directly.
    long readLongOnce() {
        try {
            int rc = db.step(pointer);
            if (rc != SQLITE_ROW) {
                db.reset(pointer);
                throw error(rc);
            }
            long value = db.column_long(pointer, 0);
            db.reset(pointer);
            return value;
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    int rawStep() throws SQLException {
        return db.step(pointer);
    }

    @Override
    public boolean step() {
        int rc;
        try {
            rc = db.step(pointer);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc == SQLITE_DONE) {
            return false;
        }
        throw error(rc);
    }

    SqliteException error(int rc) {
        try {
            db.throwex(rc);
        } catch (SQLException e) {
            return XerialErrors.translate(e, sql);
        }
        return XerialErrors.translate(new SQLException("SQLite error " + rc, null, rc), sql);
    }

    @Override
    public void readRow(Object[] into, boolean textAsBytes) {
        try {
            for (int i = 0; i < into.length; i++) {
                switch (db.column_type(pointer, i)) {
                    case INTEGER:
                        into[i] = db.column_long(pointer, i);
                        break;
                    case FLOAT:
                        into[i] = db.column_double(pointer, i);
                        break;
                    case TEXT:
                        into[i] = textAsBytes ? blob(i) : db.column_text(pointer, i);
                        break;
                    case BLOB:
                        into[i] = blob(i);
                        break;
                    default:
                        into[i] = null;
                        break;
                }
            }
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public int columnType(int column) {
        try {
            return db.column_type(pointer, column);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public long columnLong(int column) {
        try {
            return db.column_long(pointer, column);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public double columnDouble(int column) {
        try {
            return db.column_double(pointer, column);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public String columnText(int column) {
        try {
            String text = db.column_text(pointer, column);
            // No text is NULL, or an empty blob read as text.
            return text != null || db.column_type(pointer, column) == NULL ? text : "";
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public byte[] columnBlob(int column) {
        try {
            byte[] bytes = db.column_blob(pointer, column);
            // sqlite3_column_blob has no pointer for NULL and for an empty value alike.
            return bytes != null ? bytes : db.column_type(pointer, column) == NULL ? null : EMPTY.clone();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    private byte[] blob(int column) throws SQLException {
        byte[] bytes = db.column_blob(pointer, column);
        return bytes == null ? EMPTY.clone() : bytes;
    }

    @Override
    public void reset() {
        if (!handle.pointer.isClosed()) {
            try {
                db.reset(pointer);
            } catch (SQLException e) {
                throw XerialErrors.translate(e, sql);
            }
        }
    }

    @Override
    public void close() {
        try {
            handle.pointer.close();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public boolean isClosed() {
        return handle.pointer.isClosed();
    }
}
