package dev.asyncsqlite.nativeengine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupProgress;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.TraceCallback;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import dev.asyncsqlite.internal.engine.NativeBlob;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.OpenSpec;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import dev.asyncsqlite.internal.engine.TableUse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@code sqlite3*} of the native engine. Confined to its worker thread, except
 * {@link #interrupt()}; the hook fields are read by the upcalls, which SQLite makes on the thread
 * running the statement, i.e. the worker.
 */
final class NativeDbConnection implements NativeConnection {
    private static final int OPEN_READONLY = 0x1;
    private static final int OPEN_READWRITE = 0x2;
    private static final int OPEN_CREATE = 0x4;
    private static final int OPEN_URI = 0x40;
    // Multi-thread mode for this handle: the worker is its only user (sqlite3_interrupt needs no
    // mutex), so SQLite's per-call connection mutex would be pure cost.
    private static final int OPEN_NOMUTEX = 0x8000;
    private static final int UTF8 = 1;
    private static final int DETERMINISTIC = 0x800;
    private static final int TRACE_STMT = 1;
    private static final int BUSY_RETRIES = 100;

    private final MemorySegment db;
    private final long id;
    private final Set<NativeDbStatement> statements = new HashSet<>();
    /** Text columns are copied through this buffer into their strings (worker thread only). */
    final byte[] textScratch = new byte[1024];
    private boolean closed;
    private ProgressHandler progress;
    private UpdateHook updateHook;
    private Runnable onCommit;
    private Runnable onRollback;
    private Authorizer authorizer;
    private TraceCallback trace;

    private NativeDbConnection(MemorySegment db) {
        this.db = db;
        this.id = Upcalls.register(this);
    }

    static NativeDbConnection open(OpenSpec spec) {
        String file = !spec.uri() && spec.database().startsWith("file:") ? "./" + spec.database() : spec.database();
        int flags = (spec.readOnly() ? OPEN_READONLY : OPEN_READWRITE | OPEN_CREATE) | (spec.uri() ? OPEN_URI : 0) | OPEN_NOMUTEX;
        MemorySegment handle = openHandle(file, flags, "cannot open database " + spec.database());
        NativeDbConnection c = new NativeDbConnection(handle);
        try {
            int ignored = (int) Sqlite3.Api.EXTENDED_RESULT_CODES.invokeExact(handle, 1);
            ignored = (int) Sqlite3.Api.BUSY_TIMEOUT.invokeExact(handle, spec.busyTimeoutMillis());
            ignored = (int) Sqlite3.Api.ENABLE_LOAD_EXTENSION.invokeExact(handle, spec.loadExtensions() ? 1 : 0);
        } catch (Throwable t) {
            c.close();
            throw unexpected(t);
        }
        return c;
    }

    private static MemorySegment openHandle(String file, int flags, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) Sqlite3.Api.OPEN_V2.invokeExact(arena.allocateFrom(file), out, flags, MemorySegment.NULL);
            MemorySegment handle = out.get(ADDRESS, 0);
            if (rc != Sqlite3.OK) {
                String message = handle.equals(MemorySegment.NULL) ? "out of memory"
                        : Sqlite3.string((MemorySegment) Sqlite3.Api.ERRMSG.invokeExact(handle));
                if (!handle.equals(MemorySegment.NULL)) {
                    int ignored = (int) Sqlite3.Api.CLOSE_V2.invokeExact(handle);
                }
                throw SqliteErrors.create(rc, context + ": " + message, null, null);
            }
            return handle;
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static SqliteException unexpected(Throwable t) {
        if (t instanceof SqliteException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return SqliteErrors.create(SqliteException.SQLITE_INTERNAL, "native call failed: " + t, null, t);
    }

    SqliteException error(int rc, String sql) {
        return error(db, rc, sql);
    }

    private static SqliteException error(MemorySegment handle, int rc, String sql) {
        try {
            int extended = (int) Sqlite3.Api.EXTENDED_ERRCODE.invokeExact(handle);
            String message = Sqlite3.string((MemorySegment) Sqlite3.Api.ERRMSG.invokeExact(handle));
            if ((extended & 0xFF) != (rc & 0xFF)) {
                extended = rc;
                message = Sqlite3.string((MemorySegment) Sqlite3.Api.ERRSTR.invokeExact(rc));
            }
            return SqliteErrors.create(extended, message, sql, null);
        } catch (Throwable t) {
            return unexpected(t);
        }
    }

    private void check(int rc, String context) {
        if (rc != Sqlite3.OK) {
            SqliteException e = error(rc, null);
            throw SqliteErrors.create(e.extendedResultCode(), context + ": " + e.getMessage(), null, e);
        }
    }

    void forget(NativeDbStatement statement) {
        statements.remove(statement);
    }

    @Override
    public NativeStatement prepare(String sql) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) Sqlite3.Api.PREPARE_V2.invokeExact(db, arena.allocateFrom(sql), -1, out, MemorySegment.NULL);
            if (rc != Sqlite3.OK) {
                throw error(rc, sql);
            }
            MemorySegment stmt = out.get(ADDRESS, 0);
            if (stmt.equals(MemorySegment.NULL)) {
                throw SqliteErrors.programming("the SQL holds no statement", sql);
            }
            NativeDbStatement statement = new NativeDbStatement(this, sql, stmt);
            statements.add(statement);
            return statement;
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void exec(String sql) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.EXEC.invokeExact(db, arena.allocateFrom(sql), MemorySegment.NULL, MemorySegment.NULL,
                    MemorySegment.NULL);
            if (rc != Sqlite3.OK) {
                throw error(rc, sql);
            }
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long changes() {
        try {
            return (long) Sqlite3.Api.CHANGES64.invokeExact(db);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long totalChanges() {
        try {
            return (long) Sqlite3.Api.TOTAL_CHANGES64.invokeExact(db);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long lastInsertRowId() {
        try {
            return (long) Sqlite3.Api.LAST_INSERT_ROWID.invokeExact(db);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public boolean inTransaction() {
        try {
            return (int) Sqlite3.Api.GET_AUTOCOMMIT.invokeExact(db) == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void interrupt() {
        try {
            Sqlite3.Api.INTERRUPT.invokeExact(db);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public String libVersion() {
        return Sqlite3.version();
    }

    @Override
    public String engineName() {
        return "native";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NativeDbStatement s : new ArrayList<>(statements)) {
            s.close();
        }
        try {
            int ignored = (int) Sqlite3.Api.CLOSE_V2.invokeExact(db);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            Upcalls.unregister(id);
        }
    }

    // ---- functions and collations ------------------------------------------------------------

    private MemorySegment registered(Object callback) {
        return MemorySegment.ofAddress(Upcalls.register(callback));
    }

    @Override
    public void createFunction(String name, int nArgs, boolean deterministic, SqlFunction function) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.CREATE_FUNCTION_V2.invokeExact(db, arena.allocateFrom(name), nArgs,
                    UTF8 | (deterministic ? DETERMINISTIC : 0), registered(function), Upcalls.FUNC, MemorySegment.NULL,
                    MemorySegment.NULL, Upcalls.DESTROY);
            check(rc, "cannot create function " + name);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.CREATE_FUNCTION_V2.invokeExact(db, arena.allocateFrom(name), nArgs, UTF8,
                    registered(factory), MemorySegment.NULL, Upcalls.STEP, Upcalls.FINAL, Upcalls.DESTROY);
            check(rc, "cannot create aggregate " + name);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.CREATE_WINDOW_FUNCTION.invokeExact(db, arena.allocateFrom(name), nArgs, UTF8,
                    registered(factory), Upcalls.STEP, Upcalls.FINAL, Upcalls.VALUE, Upcalls.INVERSE, Upcalls.DESTROY);
            check(rc, "cannot create window function " + name);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void removeFunction(String name, int nArgs) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.CREATE_FUNCTION_V2.invokeExact(db, arena.allocateFrom(name), nArgs, UTF8,
                    MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
            check(rc, "cannot remove function " + name);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void createCollation(String name, Comparator<String> comparator) {
        collation(name, registered(comparator), Upcalls.COMPARE, Upcalls.DESTROY);
    }

    @Override
    public void removeCollation(String name) {
        collation(name, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
    }

    private void collation(String name, MemorySegment arg, MemorySegment compare, MemorySegment destroy) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) Sqlite3.Api.CREATE_COLLATION_V2.invokeExact(db, arena.allocateFrom(name), UTF8, arg, compare, destroy);
            check(rc, "cannot change collation " + name);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- hooks -------------------------------------------------------------------------------

    private MemorySegment self() {
        return MemorySegment.ofAddress(id);
    }

    @Override
    public void setProgressHandler(int instructions, ProgressHandler handler) {
        progress = handler;
        try {
            if (handler == null) {
                Sqlite3.Api.PROGRESS_HANDLER.invokeExact(db, 0, MemorySegment.NULL, MemorySegment.NULL);
            } else {
                Sqlite3.Api.PROGRESS_HANDLER.invokeExact(db, instructions, Upcalls.PROGRESS, self());
            }
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    boolean onProgress() throws Exception {
        ProgressHandler h = progress;
        return h != null && h.abort();
    }

    @Override
    public void setUpdateHook(UpdateHook hook) {
        updateHook = hook;
        MemorySegment callback = hook == null ? MemorySegment.NULL : Upcalls.UPDATE;
        MemorySegment arg = hook == null ? MemorySegment.NULL : self();
        try {
            MemorySegment ignored = (MemorySegment) Sqlite3.Api.UPDATE_HOOK.invokeExact(db, callback, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    void onUpdate(UpdateHook.Kind kind, String database, String table, long rowId) throws Exception {
        UpdateHook h = updateHook;
        if (h != null) {
            h.onUpdate(kind, database, table, rowId);
        }
    }

    @Override
    public void setTransactionHooks(Runnable commit, Runnable rollback) {
        onCommit = commit;
        onRollback = rollback;
        MemorySegment commitCallback = commit == null ? MemorySegment.NULL : Upcalls.COMMIT;
        MemorySegment commitArg = commit == null ? MemorySegment.NULL : self();
        MemorySegment rollbackCallback = rollback == null ? MemorySegment.NULL : Upcalls.ROLLBACK;
        MemorySegment rollbackArg = rollback == null ? MemorySegment.NULL : self();
        try {
            MemorySegment ignored = (MemorySegment) Sqlite3.Api.COMMIT_HOOK.invokeExact(db, commitCallback, commitArg);
            ignored = (MemorySegment) Sqlite3.Api.ROLLBACK_HOOK.invokeExact(db, rollbackCallback, rollbackArg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    void onCommit() {
        Runnable r = onCommit;
        if (r != null) {
            r.run();
        }
    }

    void onRollback() {
        Runnable r = onRollback;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void setAuthorizer(Authorizer authorizer) {
        this.authorizer = authorizer;
        MemorySegment callback = authorizer == null ? MemorySegment.NULL : Upcalls.AUTHORIZE;
        MemorySegment arg = authorizer == null ? MemorySegment.NULL : self();
        try {
            int rc = (int) Sqlite3.Api.SET_AUTHORIZER.invokeExact(db, callback, arg);
            check(rc, "cannot set the authorizer");
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // The table of SQLITE_READ (20), SQLITE_INSERT (18), SQLITE_UPDATE (23) and SQLITE_DELETE (9)
    // is the action's first argument.
    private static final int AUTH_READ = 20;
    private static final int AUTH_INSERT = 18;
    private static final int AUTH_UPDATE = 23;
    private static final int AUTH_DELETE = 9;

    @Override
    public TableUse tablesUsed(String sql) {
        Set<TableUse.Table> reads = new HashSet<>();
        Set<TableUse.Table> writes = new HashSet<>();
        Authorizer user = authorizer;
        // Compiled under an authorizer that only takes notes; the user's sees the statement when
        // it is prepared to run.
        setAuthorizer((action, a1, a2, database, trigger) -> {
            if (a1 != null) {
                if (action == AUTH_READ) {
                    reads.add(new TableUse.Table(database, a1));
                } else if (action == AUTH_INSERT || action == AUTH_UPDATE || action == AUTH_DELETE) {
                    writes.add(new TableUse.Table(database, a1));
                }
            }
            return Authorizer.SQLITE_OK;
        });
        try {
            prepare(sql).close();
        } finally {
            setAuthorizer(user);
        }
        return new TableUse(Set.copyOf(reads), Set.copyOf(writes));
    }

    int onAuthorize(int action, String a1, String a2, String database, String trigger) {
        Authorizer a = authorizer;
        return a == null ? Authorizer.SQLITE_OK : a.authorize(action, a1, a2, database, trigger);
    }

    @Override
    public void traceTriggers(TraceCallback callback) {
        trace = callback;
        int mask = callback == null ? 0 : TRACE_STMT;
        MemorySegment stub = callback == null ? MemorySegment.NULL : Upcalls.TRACE;
        MemorySegment arg = callback == null ? MemorySegment.NULL : self();
        try {
            int rc = (int) Sqlite3.Api.TRACE_V2.invokeExact(db, mask, stub, arg);
            check(rc, "cannot set the trace callback");
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // SQLite reports each statement as it starts running and each trigger program as an SQL
    // comment; the session reports the statements itself, before they run.
    void onTrace(String sql) throws Exception {
        TraceCallback t = trace;
        if (t != null && sql.startsWith("--")) {
            t.onStatement(sql);
        }
    }

    // ---- configuration, limits, serialization ------------------------------------------------

    @Override
    public void enableLoadExtension(boolean enabled) {
        try {
            check((int) Sqlite3.Api.ENABLE_LOAD_EXTENSION.invokeExact(db, enabled ? 1 : 0), "cannot change extension loading");
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int limit(int limitId, int value) {
        try {
            return (int) Sqlite3.Api.LIMIT.invokeExact(db, limitId, value);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public boolean dbConfig(int code, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_INT);
            int rc = (int) Sqlite3.Api.DB_CONFIG_INT.invokeExact(db, code, value, result);
            check(rc, "sqlite3_db_config(" + code + ") failed");
            return result.get(JAVA_INT, 0) != 0;
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public byte[] serialize(String schema) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = (MemorySegment) Sqlite3.Api.SERIALIZE.invokeExact(db, arena.allocateFrom(schema), size, 0);
            if (data.equals(MemorySegment.NULL)) {
                throw SqliteErrors.create(SqliteException.SQLITE_ERROR, "cannot serialize schema " + schema
                        + " (no such schema, or out of memory)", null, null);
            }
            try {
                return data.reinterpret(size.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
            } finally {
                Sqlite3.Api.FREE.invokeExact(data);
            }
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void deserialize(String schema, byte[] image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = (MemorySegment) Sqlite3.Api.MALLOC64.invokeExact((long) Math.max(1, image.length));
            if (buffer.equals(MemorySegment.NULL)) {
                throw SqliteErrors.create(SqliteException.SQLITE_NOMEM, "cannot allocate " + image.length + " bytes", null, null);
            }
            MemorySegment.copy(image, 0, buffer.reinterpret(image.length), JAVA_BYTE, 0, image.length);
            // FREEONCLOSE | RESIZEABLE: SQLite owns the buffer from here, also when this fails.
            int rc = (int) Sqlite3.Api.DESERIALIZE.invokeExact(db, arena.allocateFrom(schema), buffer, (long) image.length,
                    (long) image.length, 1 | 2);
            check(rc, "cannot deserialize into schema " + schema);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- backup and blobs --------------------------------------------------------------------

    @Override
    public void backupToFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        MemorySegment target = openHandle(file, OPEN_READWRITE | OPEN_CREATE, "cannot open backup file " + file);
        try {
            copy(target, "main", db, schema, pagesPerStep, sleepMillis, progress);
        } finally {
            closeHandle(target);
        }
    }

    @Override
    public void restoreFromFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        MemorySegment source = openHandle(file, OPEN_READONLY, "cannot open backup file " + file);
        try {
            copy(db, schema, source, "main", pagesPerStep, sleepMillis, progress);
        } finally {
            closeHandle(source);
        }
    }

    @Override
    public boolean backupTo(NativeConnection target, String schema, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        if (!(target instanceof NativeDbConnection other)) {
            return false;
        }
        copy(other.db, "main", db, schema, pagesPerStep, sleepMillis, progress);
        return true;
    }

    private static void closeHandle(MemorySegment handle) {
        try {
            int ignored = (int) Sqlite3.Api.CLOSE_V2.invokeExact(handle);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static void copy(MemorySegment target, String targetSchema, MemorySegment source, String sourceSchema,
                             int pagesPerStep, int sleepMillis, BackupProgress progress) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment backup = (MemorySegment) Sqlite3.Api.BACKUP_INIT.invokeExact(target, arena.allocateFrom(targetSchema),
                    source, arena.allocateFrom(sourceSchema));
            if (backup.equals(MemorySegment.NULL)) {
                throw error(target, (int) Sqlite3.Api.EXTENDED_ERRCODE.invokeExact(target), null);
            }
            int rc;
            int busy = 0;
            try {
                do {
                    rc = (int) Sqlite3.Api.BACKUP_STEP.invokeExact(backup, pagesPerStep);
                    if ((rc == Sqlite3.OK || rc == Sqlite3.DONE) && progress != null) {
                        progress.onProgress((int) Sqlite3.Api.BACKUP_REMAINING.invokeExact(backup),
                                (int) Sqlite3.Api.BACKUP_PAGECOUNT.invokeExact(backup));
                    }
                    if ((rc & 0xFF) == Sqlite3.BUSY || (rc & 0xFF) == Sqlite3.LOCKED) {
                        busy++;
                        int ignored = (int) Sqlite3.Api.SLEEP.invokeExact(sleepMillis);
                    }
                } while (rc == Sqlite3.OK || (((rc & 0xFF) == Sqlite3.BUSY || (rc & 0xFF) == Sqlite3.LOCKED) && busy < BUSY_RETRIES));
            } finally {
                int finished = (int) Sqlite3.Api.BACKUP_FINISH.invokeExact(backup);
                if (finished != Sqlite3.OK && finished != Sqlite3.DONE) {
                    rc = finished;
                }
            }
            if (rc != Sqlite3.DONE) {
                throw error(target, rc, null);
            }
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public NativeBlob openBlob(String schema, String table, String column, long rowId, boolean writable) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) Sqlite3.Api.BLOB_OPEN.invokeExact(db, arena.allocateFrom(schema), arena.allocateFrom(table),
                    arena.allocateFrom(column), rowId, writable ? 1 : 0, out);
            MemorySegment blob = out.get(ADDRESS, 0);
            if (rc != Sqlite3.OK) {
                SqliteException e = error(rc, null);
                if (!blob.equals(MemorySegment.NULL)) {
                    int ignored = (int) Sqlite3.Api.BLOB_CLOSE.invokeExact(blob);
                }
                throw e;
            }
            return new NativeDbBlob(this, blob);
        } catch (SqliteException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
