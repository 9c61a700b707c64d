package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupProgress;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.TraceCallback;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import dev.asyncsqlite.ParameterBindingException;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowView;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.internal.engine.NativeBlob;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One connection's SQLite state and {@code sqlite3}'s rules over it: statement cache, implicit
 * transactions, binding, row reading, {@code rowcount} and {@code lastrowid}.
 *
 * <p>Threading: {@link #parse} and {@link #bind} run on any thread (the parse cache is
 * concurrent, adapters are immutable); {@link #interrupt()} on any thread; every other method on
 * the worker thread only.
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final int PARSE_CACHE_LIMIT = 1024;
    private static final String SAVEPOINT = "SAVEPOINT asyncsqlite_execute_many";
    private static final String RELEASE = "RELEASE asyncsqlite_execute_many";
    private static final String VERSIONS = "SELECT d.data_version, s.schema_version FROM pragma_data_version AS d,"
            + " pragma_schema_version AS s";
    private static final String ROLLBACK_TO = "ROLLBACK TO asyncsqlite_execute_many; RELEASE asyncsqlite_execute_many";

    private final NativeConnection connection;
    private final StatementCache cache;
    private final ParameterAdapters adapters;
    private final boolean textAsBytes;
    private final Callbacks callbacks;
    private final ChangeTracker tracker;
    // Any thread.
    private final ConcurrentHashMap<String, SqlText> parsed = new ConcurrentHashMap<>();
    // Serializes sqlite3_interrupt (any thread) with sqlite3_close, so an interrupt never
    // reaches a freed handle.
    private final Object nativeGuard = new Object();
    // Guarded by nativeGuard.
    private boolean nativeClosed;
    // Worker thread only.
    private IsolationLevel isolationLevel;
    private boolean closed;
    private TraceCallback trace;
    // True only while a transaction is known to be open, so a DML statement can skip asking
    // SQLite; cleared by anything that may end one (COMMIT/ROLLBACK/RELEASE/END, any exec, any
    // error), after which the next DML asks again.
    private boolean transactionOpen;
    // Statements stepped and not yet reset: open queries and BLOB handles. While any is open, a
    // sqlite3_interrupt stays in force after the statement it was meant for and fails that one too.
    private int activeStatements;
    // The open query being stepped right now, if any (it is one of activeStatements).
    private Query inStep;
    // sqlite3_last_insert_rowid as last read. Only a statement that is not a plain query can
    // change it (an insert, or one that makes a virtual table write), so reads are not asked again.
    private long lastRowId;
    private boolean lastRowIdKnown;
    // Worker thread only: runs after the native connection closed (releases its file).
    private Runnable onClose = () -> { };

    /**
     * Creates the session over an open connection.
     *
     * @param connection the engine's connection
     * @param options the connection's options
     */
    public Session(NativeConnection connection, ConnectOptions options) {
        this.connection = connection;
        this.cache = new StatementCache(connection, options.statementCacheSize());
        this.adapters = new ParameterAdapters(options.adapters());
        this.textAsBytes = options.textAsBytes();
        this.isolationLevel = options.isolationLevel();
        this.callbacks = new Callbacks(this::stopRunningStatement, adapters);
        this.tracker = new ChangeTracker(connection);
    }

    /**
     * Reads SQL, remembering recent texts. Any thread.
     *
     * @param sql the SQL
     * @return what it holds
     */
    public SqlText parse(String sql) {
        SqlText text = parsed.get(sql);
        if (text == null) {
            checkEncodable(sql);
            text = SqlText.parse(sql);
            if (parsed.size() >= PARSE_CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(sql, text);
        }
        return text;
    }

    /**
     * Converts positional parameters. Any thread.
     *
     * @param text the statement
     * @param params the values
     * @return the SQLite values
     */
    public Object[] bind(SqlText text, Object[] params) {
        return adapters.bind(text, params);
    }

    /**
     * Converts named parameters. Any thread.
     *
     * @param text the statement
     * @param params the values by name
     * @return the SQLite values
     */
    public Object[] bind(SqlText text, Map<String, ?> params) {
        return adapters.bind(text, params);
    }

    /**
     * Interrupts the running statement. Any thread.
     */
    public void interrupt() {
        synchronized (nativeGuard) {
            if (!nativeClosed) {
                connection.interrupt();
            }
        }
    }

    /**
     * Runs a statement and reads up to {@code prefetch} rows into {@code firstRows}.
     *
     * @param text the statement
     * @param values the SQLite values
     * @param prefetch how many rows to read now
     * @param firstRows receives the rows read
     * @param wantLastRowId whether to read {@code lastrowid} when an INSERT or REPLACE finishes
     * @return the query, finished if every row was read
     */
    public Query start(SqlText text, Object[] values, int prefetch, List<Row> firstRows, boolean wantLastRowId) {
        checkOpen();
        if (text.hasTrailingStatements()) {
            throw SqliteErrors.programming("You can only execute one statement at a time", text.sql());
        }
        if (text.isEmpty()) {
            return Query.finished(-1);
        }
        dropFailure("before the statement started");
        tracker.beforeStatement();
        StatementCache.Entry entry;
        try {
            // Preparing runs user code too: the authorizer, and the progress handler while the schema is read.
            entry = cache.acquire(text.sql());
        } catch (RuntimeException e) {
            transactionOpen = false;
            throw withCallbackFailure(e, text.sql());
        }
        boolean hasRow;
        RowShape shape;
        OptionalLong rowId = OptionalLong.empty();
        try {
            if (text.isDml()) {
                beginImplicitly();
            }
            trace(text.sql());
            if (!text.isReadOnlyQuery()) {
                lastRowIdKnown = false;
            }
            hasRow = entry.statement.bindAndStep(values);
            shape = cache.shape(entry);
            if (wantLastRowId) {
                // As sqlite3 reads lastrowid: after the first step, whatever the statement.
                rowId = OptionalLong.of(lastInsertRowId());
            }
            checkCallbacks(text.sql());
        } catch (RuntimeException e) {
            transactionOpen = false;
            cache.release(entry);
            throw withCallbackFailure(e, text.sql());
        }
        switch (text.keyword()) {
            case "CREATE":
            case "DROP":
            case "ALTER":
                cache.schemaMayHaveChanged();
                break;
            case "COMMIT":
            case "END":
            case "ROLLBACK":
            case "RELEASE":
                transactionOpen = false;
                break;
            default:
                break;
        }
        Query query = new Query(entry, shape, text, hasRow, rowId);
        if (hasRow) {
            query.active = true;
            activeStatements++;
            if (prefetch > 0) {
                read(query, prefetch, firstRows::add);
            }
        } else {
            finish(query);
        }
        return query;
    }

    private void beginImplicitly() {
        if (isolationLevel == IsolationLevel.AUTOCOMMIT || transactionOpen) {
            return;
        }
        if (connection.beginIfNone(isolationLevel.beginStatement())) {
            trace(isolationLevel.beginStatement());
        }
        transactionOpen = true;
    }

    private void trace(String sql) {
        TraceCallback t = trace;
        if (t != null) {
            try {
                t.onStatement(sql);
            } catch (Throwable e) {
                throw SqliteErrors.callbackFailed(sql, e);
            }
        }
    }

    // A statement that failed because a callback threw fails with the callback's exception.
    private RuntimeException withCallbackFailure(RuntimeException e, String sql) {
        tracker.statementFailed();
        Throwable cause = callbacks.take();
        if (cause == null) {
            return e;
        }
        SqliteException wrapped = SqliteErrors.callbackFailed(sql, cause);
        wrapped.addSuppressed(e);
        return wrapped;
    }

    // A callback SQLite could not stop (a collation, a hook) may have failed in a statement that
    // went on: the statement still fails.
    private void checkCallbacks(String sql) {
        if (callbacks.pending()) {
            throw SqliteErrors.callbackFailed(sql, callbacks.take());
        }
    }

    // Engine work for one statement or operation: what a callback throws during it fails it.
    private <T> T guarded(String sql, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            transactionOpen = false;
            throw withCallbackFailure(e, sql);
        }
        checkCallbacks(sql);
        return result;
    }

    private void guarded(String sql, Runnable work) {
        guarded(sql, () -> {
            work.run();
            return null;
        });
    }

    // A failure recorded where no statement is left to fail (a statement being reset or closed)
    // is logged, never handed to the next statement.
    private void dropFailure(String when) {
        Throwable stray = callbacks.take();
        if (stray != null) {
            LOG.log(System.Logger.Level.WARNING, "a user callback failed " + when + "; no statement is left to fail", stray);
        }
    }

    // Called by a callback that SQLite cannot fail. sqlite3_interrupt stays in force until no
    // statement is active, so with another one open it would fail that one too: the running
    // statement then goes on and fails when it returns.
    private void stopRunningStatement() {
        int others = activeStatements - (inStep != null ? 1 : 0);
        if (others == 0) {
            connection.interrupt();
        }
    }

    /**
     * Reads up to {@code max} further rows of a query, releasing its statement when it is done.
     *
     * @param query the query
     * @param max the most rows to read
     * @param sink receives the rows
     * @return the number of rows read
     */
    public int read(Query query, int max, Consumer<Row> sink) {
        int columns = query.shape.size();
        return step(query, max, statement -> {
            Object[] values = new Object[columns];
            statement.readRow(values, textAsBytes);
            sink.accept(new ArrayRow(query.shape, values));
        });
    }

    /**
     * Runs a statement and hands each row to {@code action} as a view that reads the columns in
     * place, valid only during the call.
     *
     * @param text the statement
     * @param values the SQLite values
     * @param action receives the view once per row
     */
    public void scan(SqlText text, Object[] values, Consumer<? super RowView> action) {
        Query query = start(text, values, 0, null, false);
        StatementRowView view = new StatementRowView(query.shape, textAsBytes);
        step(query, Integer.MAX_VALUE, statement -> {
            view.enter(statement);
            try {
                action.accept(view);
            } catch (RuntimeException e) {
                close(query);
                throw e;
            } finally {
                view.leave();
            }
        });
    }

    // Hands the current row to onRow and steps on, up to max rows; releases the statement when done.
    private int step(Query query, int max, Consumer<NativeStatement> onRow) {
        checkOpen();
        int count = 0;
        while (count < max && query.hasRow) {
            try {
                count++;
                onRow.accept(query.entry.statement);
                inStep = query;
                try {
                    query.hasRow = query.entry.statement.step();
                } finally {
                    inStep = null;
                }
                checkCallbacks(query.text.sql());
            } catch (RuntimeException e) {
                transactionOpen = false;
                query.hasRow = false;
                abandon(query);
                throw withCallbackFailure(e, query.text.sql());
            }
        }
        if (!query.hasRow && !query.isDone()) {
            finish(query);
        }
        return count;
    }

    /**
     * Runs a statement and reads its first row only: the statement is reset after that row
     * without stepping on, as a C caller does for a point lookup.
     *
     * @param text the statement
     * @param values the SQLite values
     * @return the first row, or {@code null} when there is none
     */
    public Row first(SqlText text, Object[] values) {
        Query query = start(text, values, 0, null, false);
        if (!query.hasRow) {
            return null;
        }
        Object[] row = new Object[query.shape.size()];
        try {
            query.entry.statement.readRow(row, textAsBytes);
        } catch (RuntimeException e) {
            transactionOpen = false;
            query.hasRow = false;
            abandon(query);
            throw withCallbackFailure(e, query.text.sql());
        }
        abandon(query);
        tracker.afterStatement(query.text);
        checkCallbacks(query.text.sql());
        return new ArrayRow(query.shape, row);
    }

    /**
     * Stops a query early, releasing its statement. Idempotent.
     *
     * @param query the query
     */
    public void close(Query query) {
        if (query != null && !query.isDone() && !closed) {
            query.hasRow = false;
            abandon(query);
            tracker.afterStatement(query.text);
            dropFailure("while its statement was closed early");
        }
    }

    /**
     * Runs a statement and returns all of its rows, mapped.
     *
     * @param text the statement
     * @param values the SQLite values
     * @param mapper the mapper, or {@code null} for plain rows
     * @param <T> the element type
     * @return the rows
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> all(SqlText text, Object[] values, RowMapper<T> mapper) {
        List<T> rows = new ArrayList<>();
        Query query = start(text, values, 0, null, false);
        read(query, Integer.MAX_VALUE, mapper == null ? row -> rows.add((T) row) : row -> rows.add(map(mapper, row, query)));
        return rows;
    }

    /**
     * Runs a statement and hands each row to {@code action}.
     *
     * @param text the statement
     * @param values the SQLite values
     * @param action receives each row
     */
    public void each(SqlText text, Object[] values, Consumer<Row> action) {
        Query query = start(text, values, 0, null, false);
        read(query, Integer.MAX_VALUE, row -> {
            try {
                action.accept(row);
            } catch (RuntimeException e) {
                close(query);
                throw e;
            }
        });
    }

    private <T> T map(RowMapper<T> mapper, Row row, Query query) {
        try {
            return mapper.map(row);
        } catch (RuntimeException e) {
            close(query);
            throw e;
        } catch (Exception e) {
            close(query);
            throw new IllegalStateException("row mapper failed: " + e, e);
        }
    }

    /**
     * Runs a statement to its end, discarding rows.
     *
     * @param text the statement
     * @param values the SQLite values
     * @return the query, finished
     */
    public Query run(SqlText text, Object[] values) {
        Query query = start(text, values, 0, null, false);
        if (!query.isDone()) {
            read(query, Integer.MAX_VALUE, row -> { });
        }
        return query;
    }

    /**
     * {@code sqlite3_last_insert_rowid}.
     *
     * @return the last inserted row id
     */
    public long lastInsertRowId() {
        checkOpen();
        if (!lastRowIdKnown) {
            lastRowId = connection.lastInsertRowId();
            lastRowIdKnown = true;
        }
        return lastRowId;
    }

    /**
     * {@code sqlite3_changes}.
     *
     * @return rows changed by the last statement
     */
    public long changes() {
        checkOpen();
        return connection.changes();
    }

    /**
     * Runs one statement once per parameter set, atomically, inside a savepoint.
     *
     * @param text the statement
     * @param paramSets the parameter sets
     * @return the total changes
     */
    public long executeMany(SqlText text, Iterable<?> paramSets) {
        checkOpen();
        if (text.hasTrailingStatements()) {
            throw SqliteErrors.programming("You can only execute one statement at a time", text.sql());
        }
        if (text.isEmpty()) {
            return 0;
        }
        dropFailure("before the statement started");
        if (text.isDml()) {
            guarded(text.sql(), this::beginImplicitly);
        }
        transactionOpen = false;
        lastRowIdKnown = false;
        run(SAVEPOINT);
        int savepoint = tracker.savepoint();
        StatementCache.Entry entry = null;
        long total = 0;
        int index = 0;
        try {
            try {
                entry = cache.acquire(text.sql());
            } catch (RuntimeException e) {
                throw withCallbackFailure(e, text.sql());
            }
            for (Object set : paramSets) {
                Object[] values;
                try {
                    values = adapters.bindSet(text, set);
                } catch (ParameterBindingException e) {
                    throw new ParameterBindingException("parameter set " + index + ": " + e.getMessage(),
                            e.extendedResultCode(), text.sql(), e);
                }
                boolean row;
                try {
                    trace(text.sql());
                    row = entry.statement.bindAndStep(values);
                } catch (SqliteException e) {
                    RuntimeException failed = withCallbackFailure(e, text.sql());
                    if (failed != e) {
                        throw failed;
                    }
                    throw SqliteErrors.create(e.extendedResultCode(), "parameter set " + index + ": " + e.getMessage(), null, e);
                }
                checkCallbacks(text.sql());
                if (row) {
                    throw SqliteErrors.programming("executeMany() can only run statements that return no rows", text.sql());
                }
                total += connection.changes();
                entry.statement.reset();
                index++;
            }
            cache.release(entry);
            entry = null;
            tracker.afterStatement(text);
            run(RELEASE);
            return total;
        } catch (RuntimeException | Error e) {
            if (entry != null) {
                cache.release(entry);
            }
            try {
                connection.exec(ROLLBACK_TO);
                tracker.rolledBackTo(savepoint);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            // What a callback threw while the batch was undone belongs to the failed batch.
            Throwable undoing = callbacks.take();
            if (undoing != null) {
                e.addSuppressed(undoing);
            }
            throw e;
        }
    }

    /**
     * Runs a script after committing a pending transaction.
     *
     * @param script the statements
     */
    public void executeScript(String script) {
        checkOpen();
        if (isolationLevel != IsolationLevel.AUTOCOMMIT && inTransactionNow()) {
            run("COMMIT");
        }
        checkEncodable(script);
        cache.schemaMayHaveChanged();
        String rest = script;
        while (true) {
            SqlText text = SqlText.parse(rest);
            if (text.isEmpty()) {
                return;
            }
            int end = text.firstStatementEnd();
            run(rest.substring(0, end));
            rest = rest.substring(end);
        }
    }

    // One statement without parameters or rows, traced and guarded like any other.
    private void run(String sql) {
        dropFailure("before the statement started");
        transactionOpen = false;
        lastRowIdKnown = false;
        tracker.beforeStatement();
        trace(sql);
        guarded(sql, () -> {
            connection.exec(sql);
            tracker.afterStatement(sql);
        });
    }

    // SQLite's transaction state; the sqlite-jdbc engine asks with statements of its own.
    private boolean inTransactionNow() {
        return guarded(null, connection::inTransaction);
    }

    /**
     * Commits the open transaction, if any.
     */
    public void commit() {
        checkOpen();
        if (inTransactionNow()) {
            run("COMMIT");
        }
    }

    /**
     * Rolls back the open transaction, if any.
     */
    public void rollback() {
        checkOpen();
        if (inTransactionNow()) {
            run("ROLLBACK");
        }
    }

    /**
     * Opens the transaction of {@code Connection.transaction}.
     *
     * @param requested the level to begin at, or {@code null} for the connection's (DEFERRED
     *     under autocommit)
     * @throws SqliteException a {@link dev.asyncsqlite.ProgrammingException} if one is open already
     */
    public void beginExplicit(IsolationLevel requested) {
        checkOpen();
        IsolationLevel level = requested != null ? requested
                : isolationLevel == IsolationLevel.AUTOCOMMIT ? IsolationLevel.DEFERRED : isolationLevel;
        if (guarded(level.beginStatement(), () -> connection.beginIfNone(level.beginStatement()))) {
            trace(level.beginStatement());
            transactionOpen = true;
        } else {
            throw SqliteErrors.programming("cannot start a transaction: one is already open on this connection"
                    + " (commit() or rollback() it first)", null);
        }
    }

    /**
     * Whether a transaction is open.
     *
     * @return SQLite's state
     */
    public boolean inTransaction() {
        checkOpen();
        transactionOpen = inTransactionNow();
        return transactionOpen;
    }

    /**
     * {@code sqlite3_total_changes}.
     *
     * @return rows changed since open
     */
    public long totalChanges() {
        checkOpen();
        return connection.totalChanges();
    }

    /**
     * The isolation level.
     *
     * @return the level
     */
    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /**
     * Changes the isolation level; switching to autocommit commits an open transaction.
     *
     * @param level the new level
     */
    public void setIsolationLevel(IsolationLevel level) {
        checkOpen();
        if (level == IsolationLevel.AUTOCOMMIT && inTransactionNow()) {
            run("COMMIT");
        }
        transactionOpen = false;
        isolationLevel = level;
    }

    /**
     * Runs a statement without parameters or rows, such as a pragma at open.
     *
     * @param sql the statements
     */
    public void exec(String sql) {
        checkOpen();
        run(sql);
    }

    /**
     * Creates or replaces a scalar function.
     *
     * @param name the name
     * @param nArgs the arity, or -1 for any
     * @param function the user's function
     * @param deterministic whether SQLite may treat it as deterministic
     */
    public void createFunction(String name, int nArgs, SqlFunction function, boolean deterministic) {
        checkOpen();
        connection.createFunction(name, nArgs, deterministic, callbacks.scalar(function));
    }

    /**
     * Creates or replaces an aggregate function.
     *
     * @param name the name
     * @param nArgs the arity, or -1 for any
     * @param factory makes one state per group
     */
    public void createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        checkOpen();
        connection.createAggregate(name, nArgs, callbacks.aggregate(factory));
    }

    /**
     * Creates or replaces an aggregate window function.
     *
     * @param name the name
     * @param nArgs the arity, or -1 for any
     * @param factory makes one state per partition
     */
    public void createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory) {
        checkOpen();
        connection.createWindowFunction(name, nArgs, callbacks.window(factory));
    }

    /**
     * Removes a function.
     *
     * @param name the name
     * @param nArgs the arity it was created with
     */
    public void removeFunction(String name, int nArgs) {
        checkOpen();
        connection.removeFunction(name, nArgs);
    }

    /**
     * Creates or replaces a collation.
     *
     * @param name the name
     * @param comparator the order
     */
    public void createCollation(String name, Comparator<String> comparator) {
        checkOpen();
        connection.createCollation(name, callbacks.collation(comparator));
    }

    /**
     * Removes a collation.
     *
     * @param name the name
     */
    public void removeCollation(String name) {
        checkOpen();
        connection.removeCollation(name);
    }

    /**
     * Sets or removes the progress handler.
     *
     * @param handler the handler, or {@code null}
     * @param instructions instructions between calls
     */
    public void setProgressHandler(ProgressHandler handler, int instructions) {
        checkOpen();
        connection.setProgressHandler(instructions, handler == null ? null : callbacks.progress(handler));
    }

    /**
     * Sets or removes the trace callback.
     *
     * @param callback the callback, or {@code null}
     */
    public void setTraceCallback(TraceCallback callback) {
        checkOpen();
        // Told here before each statement runs, so one that throws stops its statement before
        // anything happened; only triggers, which start inside a statement, come from the engine.
        connection.traceTriggers(callback == null ? null : callbacks.trace(callback));
        trace = callback;
    }

    /**
     * Sets or removes the update hook.
     *
     * @param hook the hook, or {@code null}
     */
    public void setUpdateHook(UpdateHook hook) {
        checkOpen();
        tracker.setUserUpdateHook(hook == null ? null : callbacks.update(hook));
    }

    /**
     * Sets or removes the commit and rollback hooks.
     *
     * @param onCommit the commit hook, or {@code null}
     * @param onRollback the rollback hook, or {@code null}
     */
    public void setTransactionHooks(Runnable onCommit, Runnable onRollback) {
        checkOpen();
        tracker.setUserTransactionHooks(callbacks.hook(onCommit), callbacks.hook(onRollback));
    }

    /**
     * Sets or removes the authorizer, if the engine can.
     *
     * @param authorizer the authorizer, or {@code null}
     */
    public void setAuthorizer(Authorizer authorizer) {
        checkOpen();
        connection.setAuthorizer(authorizer == null ? null : callbacks.authorizer(authorizer));
    }

    /**
     * Allows or forbids extension loading.
     *
     * @param enabled whether allowed
     */
    public void enableLoadExtension(boolean enabled) {
        checkOpen();
        connection.enableLoadExtension(enabled);
    }

    /**
     * Loads an extension through {@code load_extension()}.
     *
     * @param path the library
     * @param entryPoint the entry point, or {@code null} for SQLite's default
     */
    public void loadExtension(String path, String entryPoint) {
        SqlText text = parse(entryPoint == null ? "SELECT load_extension(?)" : "SELECT load_extension(?, ?)");
        Object[] values = entryPoint == null ? new Object[] {path} : new Object[] {path, entryPoint};
        // The extension may run statements of its own as it loads.
        lastRowIdKnown = false;
        try {
            run(text, values);
        } catch (SqliteException e) {
            if (e.getMessage() != null && e.getMessage().contains("not authorized")) {
                throw SqliteErrors.programming("extension loading is off: call enableLoadExtension(true) first"
                        + " (and open with ConnectOptions.loadExtensions(true))", text.sql());
            }
            throw SqliteErrors.create(SqliteException.SQLITE_CANTOPEN, "cannot load extension " + path + ": "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * {@code sqlite3_limit}.
     *
     * @param id the limit
     * @param value the new value, or negative to only read
     * @return the previous value
     */
    public int limit(int id, int value) {
        checkOpen();
        return connection.limit(id, value);
    }

    /**
     * Serializes a schema.
     *
     * @param schema the schema
     * @return the image
     */
    public byte[] serialize(String schema) {
        checkOpen();
        return guarded(null, () -> connection.serialize(schema));
    }

    /**
     * Replaces a schema with an image.
     *
     * @param schema the schema
     * @param image the image
     */
    public void deserialize(String schema, byte[] image) {
        checkOpen();
        cache.closeAll();
        cache.schemaMayHaveChanged();
        transactionOpen = false;
        guarded(null, () -> connection.deserialize(schema, image));
        tracker.replaced();
    }

    /**
     * Copies a schema into a file.
     *
     * @param schema the schema
     * @param file the target file
     * @param pagesPerStep pages per step, or -1
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     */
    public void backupToFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        checkOpen();
        guarded(null, () -> connection.backupToFile(schema, file, pagesPerStep, sleepMillis, guardProgress(progress)));
    }

    /**
     * Replaces a schema with a file's contents.
     *
     * @param schema the schema
     * @param file the source file
     * @param pagesPerStep pages per step, or -1
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     */
    public void restoreFromFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        checkOpen();
        cache.closeAll();
        cache.schemaMayHaveChanged();
        transactionOpen = false;
        guarded(null, () -> connection.restoreFromFile(schema, file, pagesPerStep, sleepMillis, guardProgress(progress)));
        tracker.replaced();
    }

    private BackupProgress guardProgress(BackupProgress progress) {
        return progress == null ? null
                : (remaining, total) -> callbacks.hook(() -> progress.onProgress(remaining, total)).run();
    }

    /**
     * Opens an incremental BLOB handle.
     *
     * @param table the table
     * @param column the column
     * @param rowId the rowid
     * @param writable whether to open for writing
     * @return the handle
     */
    public NativeBlob openBlob(String table, String column, long rowId, boolean writable) {
        checkOpen();
        NativeBlob blob = guarded(null, () -> connection.openBlob("main", table, column, rowId, writable));
        activeStatements++;
        if (writable) {
            tracker.blobOpened("main", table);
        }
        return blob;
    }

    /**
     * Closes an incremental BLOB handle opened by {@link #openBlob}.
     *
     * @param blob the handle
     */
    public void closeBlob(NativeBlob blob) {
        try {
            blob.close();
        } finally {
            activeStatements--;
        }
        // In autocommit mode closing the handle commits what was written through it.
        tracker.afterStatement((SqlText) null);
    }

    /**
     * {@code sqlite3_db_config}.
     *
     * @param code the setting
     * @param value 1, 0, or -1 to read
     * @return whether it is on
     */
    public boolean dbConfig(int code, int value) {
        checkOpen();
        return connection.dbConfig(code, value);
    }

    /**
     * The engine's name.
     *
     * @return the name
     */
    public String engineName() {
        return connection.engineName();
    }

    /**
     * Copies a schema straight into another session's database, if the engine can.
     *
     * @param target the other session, whose worker the caller holds still
     * @param schema the schema to copy
     * @param pagesPerStep pages per step
     * @param sleepMillis wait before retrying a busy step
     * @param progress told after each step, or {@code null}
     * @return false if the engine cannot copy directly
     */
    boolean backupTo(Session target, String schema, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        checkOpen();
        target.checkOpen();
        boolean copied = guarded(null, () -> connection.backupTo(target.connection, schema, pagesPerStep, sleepMillis,
                guardProgress(progress)));
        if (copied) {
            target.cache.closeAll();
            target.cache.schemaMayHaveChanged();
            target.tracker.replaced();
        }
        return copied;
    }

    /**
     * Rolls back an open transaction, finalizes every statement and closes SQLite. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection.inTransaction()) {
                connection.exec("ROLLBACK");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "rollback before close failed", e);
        }
        dropFailure("while the connection closed");
        try {
            cache.closeAll();
        } finally {
            try {
                synchronized (nativeGuard) {
                    nativeClosed = true;
                    connection.close();
                }
            } finally {
                try {
                    onClose.run();
                } finally {
                    tracker.close();
                }
            }
        }
    }

    /**
     * The connection's part in live queries.
     *
     * @return the tracker
     */
    ChangeTracker tracker() {
        return tracker;
    }

    /**
     * {@code PRAGMA data_version} and {@code PRAGMA schema_version}: whether another connection
     * committed, and whether the schema changed, since the last call.
     *
     * @return the two values
     */
    long[] versions() {
        Row row = first(parse(VERSIONS), new Object[0]);
        return new long[] {row.getLong(0), row.getLong(1)};
    }

    /**
     * Whether the engine reports the rows a transaction changes (it has an update hook).
     *
     * @return false on an engine without hooks
     */
    boolean reportsRowChanges() {
        return connection.hasHooks();
    }

    /**
     * The tables a query reads, as SQLite reports them.
     *
     * @param text the query
     * @return the tables
     */
    TableSet tablesRead(SqlText text) {
        checkOpen();
        try {
            return TableAnalysis.reads(connection, text.sql());
        } catch (RuntimeException e) {
            // An authorizer that refuses the schema queries, say: any change may concern the
            // query, and an error of the query itself comes when it runs.
            return TableSet.UNKNOWN;
        }
    }

    /**
     * Sets what runs once the native connection is closed.
     *
     * @param action the action
     */
    void onClose(Runnable action) {
        onClose = action;
    }

    /**
     * Whether {@link #close()} ran.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void finish(Query query) {
        long rowCount = query.text.isDml() ? connection.changes() : -1;
        release(query);
        query.finish(rowCount);
        tracker.afterStatement(query.text);
    }

    private void abandon(Query query) {
        if (query.isDone()) {
            return;
        }
        try {
            release(query);
        } finally {
            query.finish(-1);
        }
    }

    // Resets the query's statement, which then no longer counts as active. A reset part-way can
    // still run user code: an aggregate's or window function's finish.
    private void release(Query query) {
        if (query.active) {
            query.active = false;
            activeStatements--;
        }
        cache.release(query.entry);
    }

    // SQLite reads SQL text only up to a NUL: whatever followed would be silently ignored. And
    // UTF-8 cannot encode a lone surrogate: the driver would send '?' in its place.
    private static void checkEncodable(String sql) {
        int nul = sql.indexOf('\0');
        if (nul >= 0) {
            throw SqliteErrors.programming("the SQL contains a NUL character at index " + nul
                    + " (pass text with NUL as a parameter instead)", sql.replace('\0', ' '));
        }
        int surrogate = ParameterAdapters.unpairedSurrogate(sql);
        if (surrogate >= 0) {
            throw SqliteErrors.programming("the SQL has an unpaired surrogate (\\u" + Integer.toHexString(sql.charAt(surrogate))
                    + ") at index " + surrogate + ", which UTF-8 cannot encode", sql.replaceAll("\\p{Cs}", "\uFFFD"));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw SqliteErrors.closed("connection");
        }
    }
}
