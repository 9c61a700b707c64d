package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/** A database handle of the sqlite-jdbc engine. */
final class XerialConnection implements NativeConnection {
    private static final int SQLITE_DONE = 101;

    private final SQLiteConnection jdbc;
    private final DB db;
    // Worker thread only: statements this engine runs for its own bookkeeping.
    private final Map<String, XerialStatement> begins = new HashMap<>(4);
    private XerialStatement commit;
    private XerialStatement lastRowId;

    XerialConnection(SQLiteConnection jdbc) {
        this.jdbc = jdbc;
        this.db = jdbc.getDatabase();
        // With auto-commit off in its config, sqlite-jdbc skips the hidden BEGIN/COMMIT probe it
        // otherwise runs after every statement. Transactions are asyncsqlite's business.
        jdbc.getConnectionConfig().setAutoCommit(false);
    }

    @Override
    public NativeStatement prepare(String sql) {
        StatementHandle handle = new StatementHandle(jdbc, sql);
        try {
            db.prepare(handle);
            return new XerialStatement(db, handle, sql);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public void exec(String sql) {
        try {
            db._exec(sql);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
    }

    @Override
    public long changes() {
        try {
            return db.changes();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null);
        }
    }

    @Override
    public long totalChanges() {
        try {
            return db.total_changes();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null);
        }
    }

    @Override
    public long lastInsertRowId() {
        if (lastRowId == null) {
            lastRowId = (XerialStatement) prepare("SELECT last_insert_rowid()");
        }
        try {
            lastRowId.step();
            Object[] value = new Object[1];
            lastRowId.readRow(value, false);
            return (Long) value[0];
        } finally {
            lastRowId.reset();
        }
    }

    // sqlite-jdbc does not expose sqlite3_get_autocommit: a BEGIN succeeds exactly when no
    // transaction is open, and fails with SQLITE_ERROR ("cannot start a transaction within a
    // transaction") when one is.
    @Override
    public boolean beginIfNone(String beginSql) {
        XerialStatement begin = begins.get(beginSql);
        if (begin == null) {
            begin = (XerialStatement) prepare(beginSql);
            begins.put(beginSql, begin);
        }
        int rc = rawStep(begin);
        begin.reset();
        if (rc == SQLITE_DONE) {
            return true;
        }
        if (rc == SqliteException.SQLITE_ERROR) {
            return false;
        }
        throw begin.error(rc);
    }

    // The empty deferred transaction a successful probe opens is ended at once; it took no lock
    // and fires no commit hook.
    @Override
    public boolean inTransaction() {
        if (!beginIfNone("BEGIN DEFERRED")) {
            return true;
        }
        if (commit == null) {
            commit = (XerialStatement) prepare("COMMIT");
        }
        int rc = rawStep(commit);
        commit.reset();
        if (rc != SQLITE_DONE) {
            throw commit.error(rc);
        }
        return false;
    }

    private int rawStep(XerialStatement statement) {
        try {
            return statement.rawStep();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, statement.sql());
        }
    }

    @Override
    public void interrupt() {
        try {
            db.interrupt();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null);
        }
    }

    @Override
    public String libVersion() {
        try {
            return db.libversion();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null);
        }
    }

    @Override
    public void close() {
        try {
            jdbc.close();
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null);
        }
    }
}
