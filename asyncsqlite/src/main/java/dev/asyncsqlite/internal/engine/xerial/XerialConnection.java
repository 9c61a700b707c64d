package dev.asyncsqlite.internal.engine.xerial;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupProgress;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.SqliteNames;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.sqlite.Collation;
import org.sqlite.Function;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;
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
    private SQLiteUpdateListener updateListener;
    private SQLiteCommitListener commitListener;
    // True while one of those statements runs: they are no statement of the user's, so the
    // progress handler does not see them (it could fail an INSERT that already ran to its end).
    private boolean bookkeeping;

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
        XerialStatement statement;
        try {
            db.prepare(handle);
            statement = new XerialStatement(db, handle, sql);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, sql);
        }
        if (statement.isEmpty()) {
            // SQLite found no statement (only white space or comments): there is no handle to keep.
            statement.close();
            throw dev.asyncsqlite.internal.engine.SqliteErrors.programming("the SQL holds no statement", sql);
        }
        return statement;
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
        bookkeeping = true;
        try {
            return lastRowId.readLongOnce();
        } finally {
            bookkeeping = false;
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
        bookkeeping = true;
        try {
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
        } finally {
            bookkeeping = false;
        }
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

    @Override
    public String engineName() {
        return "sqlite-jdbc";
    }

    /** The variants of one function name, registered with sqlite-jdbc as one variadic function. */
    private static final class Family {
        final Class<?> kind;
        final Map<Integer, Object> variants = new HashMap<>();
        final Map<Integer, Boolean> deterministic = new HashMap<>();

        Family(Class<?> kind) {
            this.kind = kind;
        }
    }

    // Worker thread only. Keyed by the folded name: SQLite's function names ignore ASCII case.
    private final Map<String, Family> functions = new HashMap<>();

    @Override
    public void createFunction(String name, int nArgs, boolean deterministic, SqlFunction function) {
        define(name, SqlFunction.class, nArgs, function, deterministic);
    }

    @Override
    public void createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        define(name, Aggregate.class, nArgs, factory, false);
    }

    @Override
    public void createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory) {
        // sqlite-jdbc's native xValue asserts that the aggregate has a state, which it has not when
        // SQLite asks for the value of an empty frame: the whole JVM would abort on such a query.
        throw new NotSupportedException("createWindowFunction is not supported by the sqlite-jdbc engine: sqlite-jdbc's"
                + " native code aborts the JVM when SQLite asks a window function for the value of an empty frame (such as"
                + " ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING on a partition's first row; xerial/sqlite-jdbc#1271);"
                + " the native engine has user window functions");
    }

    private void define(String name, Class<?> kind, int nArgs, Object variant, boolean deterministic) {
        String key = SqliteNames.fold(name);
        Family family = functions.get(key);
        if (family == null || family.kind != kind) {
            // A name holds one kind of function in this engine: a new kind replaces the old variants.
            family = new Family(kind);
        }
        Family updated = new Family(kind);
        updated.variants.putAll(family.variants);
        updated.deterministic.putAll(family.deterministic);
        updated.variants.put(nArgs, variant);
        updated.deterministic.put(nArgs, deterministic);
        register(name, updated);
        functions.put(key, updated);
    }

    @SuppressWarnings("unchecked")
    private void register(String name, Family family) {
        Function function;
        int flags = 0;
        if (family.kind == SqlFunction.class) {
            Map<Integer, SqlFunction> variants = new HashMap<>();
            family.variants.forEach((n, v) -> variants.put(n, (SqlFunction) v));
            function = new XerialFunctions.Scalar(db, name, variants);
            if (!family.deterministic.containsValue(false)) {
                flags = Function.FLAG_DETERMINISTIC;
            }
        } else {
            Map<Integer, Supplier<? extends Aggregate>> variants = new HashMap<>();
            family.variants.forEach((n, v) -> variants.put(n, (Supplier<? extends Aggregate>) v));
            function = new XerialFunctions.AggregateFunction(db, name, variants);
        }
        try {
            Function.create(jdbc, name, function, -1, flags);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot create function " + name);
        }
    }

    @Override
    public void removeFunction(String name, int nArgs) {
        String key = SqliteNames.fold(name);
        Family family = functions.get(key);
        if (family == null || !family.variants.containsKey(nArgs)) {
            return;
        }
        Family updated = new Family(family.kind);
        updated.variants.putAll(family.variants);
        updated.deterministic.putAll(family.deterministic);
        updated.variants.remove(nArgs);
        updated.deterministic.remove(nArgs);
        if (updated.variants.isEmpty()) {
            functions.remove(key);
            try {
                Function.destroy(jdbc, name);
            } catch (SQLException e) {
                throw XerialErrors.translate(e, null, "cannot remove function " + name);
            }
        } else {
            register(name, updated);
            functions.put(key, updated);
        }
    }

    @Override
    public void createCollation(String name, Comparator<String> comparator) {
        try {
            Collation.create(jdbc, name, new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return comparator.compare(a, b);
                }
            });
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot create collation " + name);
        }
    }

    @Override
    public void removeCollation(String name) {
        try {
            Collation.destroy(jdbc, name);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot remove collation " + name);
        }
    }

    @Override
    public void setProgressHandler(int instructions, ProgressHandler handler) {
        try {
            if (handler == null) {
                org.sqlite.ProgressHandler.clearHandler(jdbc);
            } else {
                org.sqlite.ProgressHandler.setHandler(jdbc, instructions, new org.sqlite.ProgressHandler() {
                    @Override
                    protected int progress() {
                        if (bookkeeping) {
                            return 0;
                        }
                        try {
                            return handler.abort() ? 1 : 0;
                        } catch (Throwable t) {
                            return 1;
                        }
                    }
                });
            }
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot set the progress handler");
        }
    }

    @Override
    public void setUpdateHook(UpdateHook hook) {
        if (updateListener != null) {
            jdbc.removeUpdateListener(updateListener);
            updateListener = null;
        }
        if (hook != null) {
            updateListener = (type, database, table, rowId) -> {
                try {
                    hook.onUpdate(UpdateHook.Kind.valueOf(type.name()), database, table, rowId);
                } catch (Exception e) {
                    // The session's wrapper records the failure and interrupts the statement.
                }
            };
            jdbc.addUpdateListener(updateListener);
        }
    }

    @Override
    public void setTransactionHooks(Runnable onCommit, Runnable onRollback) {
        if (commitListener != null) {
            jdbc.removeCommitListener(commitListener);
            commitListener = null;
        }
        if (onCommit != null || onRollback != null) {
            commitListener = new SQLiteCommitListener() {
                @Override
                public void onCommit() {
                    if (onCommit != null) {
                        onCommit.run();
                    }
                }

                @Override
                public void onRollback() {
                    if (onRollback != null) {
                        onRollback.run();
                    }
                }
            };
            jdbc.addCommitListener(commitListener);
        }
    }

    @Override
    public void setAuthorizer(Authorizer authorizer) {
        throw new NotSupportedException("setAuthorizer is not supported by the sqlite-jdbc engine: sqlite-jdbc does not"
                + " expose sqlite3_set_authorizer (the native engine will)");
    }

    @Override
    public void enableLoadExtension(boolean enabled) {
        try {
            db.enable_load_extension(enabled);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot change extension loading");
        }
    }

    @Override
    public int limit(int id, int value) {
        try {
            return db.limit(id, value);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot read or set limit " + id);
        }
    }

    @Override
    public byte[] serialize(String schema) {
        try {
            return db.serialize(schema);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot serialize schema " + schema);
        }
    }

    @Override
    public void deserialize(String schema, byte[] image) {
        try {
            db.deserialize(schema, image);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, "cannot deserialize into schema " + schema);
        }
    }

    // Busy or locked steps are retried this many times, sleepMillis apart.
    private static final int BUSY_RETRIES = 100;

    // sqlite-jdbc copies into a handle of its own on the file and returns that handle's result
    // code, but closes the handle, and SQLite's message with it, first. The one error only that
    // message would name, an unknown schema to copy, is asked of SQLite on this handle beforehand
    // (a plain identifier unquoted, so that the message names it as SQLite's backup would).
    @Override
    public void backupToFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        String context = "backup of " + schema + " to " + file + " failed";
        String name = schema.matches("[A-Za-z_][A-Za-z0-9_]*") ? schema : '"' + schema.replace("\"", "\"\"") + '"';
        try {
            db._exec("PRAGMA " + name + ".page_count");
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, context);
        }
        int rc;
        try {
            rc = db.backup(schema, file, observer(progress), sleepMillis, BUSY_RETRIES, pagesPerStep);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, context);
        }
        check(rc, context);
    }

    // Here the copy goes into this connection's handle, where SQLite leaves its result; sqlite-jdbc
    // returns the result of its handle on the source file instead, which says only whether the
    // file opened (a busy destination would otherwise look like a copy done).
    @Override
    public void restoreFromFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        String context = "restore of " + schema + " from " + file + " failed";
        int rc;
        try {
            rc = db.restore(schema, file, observer(progress), sleepMillis, BUSY_RETRIES, pagesPerStep);
        } catch (SQLException e) {
            throw XerialErrors.translate(e, null, context);
        }
        check(rc, context);
        SqliteException failed = XerialErrors.lastError(db, context);
        if (failed != null) {
            throw failed;
        }
    }

    private static DB.ProgressObserver observer(BackupProgress progress) {
        return progress == null ? null : progress::onProgress;
    }

    // A result code of a handle other than this one: its message is not this handle's either.
    private static void check(int rc, String context) {
        if (rc != 0 && rc != SQLITE_DONE) {
            throw dev.asyncsqlite.internal.engine.SqliteErrors.create(rc, context + ": " + XerialErrors.errstr(rc), null, null);
        }
    }
}
