package dev.asyncsqlite.dqlite;

import dev.asyncsqlite.Aggregate;
import dev.asyncsqlite.Authorizer;
import dev.asyncsqlite.BackupProgress;
import dev.asyncsqlite.NotSupportedException;
import dev.asyncsqlite.ProgressHandler;
import dev.asyncsqlite.SqlFunction;
import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.WindowAggregate;
import dev.asyncsqlite.internal.engine.NativeConnection;
import dev.asyncsqlite.internal.engine.NativeStatement;
import dev.asyncsqlite.internal.engine.OpenSpec;
import dev.asyncsqlite.internal.session.SqlText;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * A database connection on the dqlite leader. What a remote SQLite cannot do here (user
 * functions, hooks, backups, serialization, extensions) fails at once with
 * {@link NotSupportedException}. Confined to the worker thread, but for {@link #interrupt()}.
 *
 * <p>dqlite does not report whether a transaction is open, so the connection follows the
 * transaction statements it runs itself.
 */
final class DqliteConnection implements NativeConnection {
    /** How long a read of a response may wait; a long query on the leader sends nothing meanwhile. */
    static final int READ_TIMEOUT_MILLIS = Integer.getInteger("asyncsqlite.dqlite.readTimeoutMillis", 60_000);

    private final DqliteAddress address;
    private final int timeoutMillis;
    private final int busyTimeoutMillis;
    private final String version;
    private volatile DqliteClient client;
    private int db;
    private int generation;
    private DqliteStatement streaming;
    private long changes;
    private long totalChanges;
    private long lastInsertRowId;
    private boolean inTransaction;
    private boolean transactionLost;
    private int savepointDepth;
    private boolean savepointStarted;
    private boolean closed;

    private DqliteConnection(DqliteAddress address, int timeoutMillis, int busyTimeoutMillis, DqliteClient client, int db,
                             String version) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.client = client;
        this.db = db;
        this.version = version;
    }

    static DqliteConnection open(DqliteAddress address, OpenSpec spec) {
        if (spec.readOnly()) {
            throw new NotSupportedException("read-only connections are not supported by the dqlite engine");
        }
        int timeout = Math.max(spec.busyTimeoutMillis(), 5_000);
        DqliteClient client = DqliteClient.connectToLeader(address.nodes, timeout, READ_TIMEOUT_MILLIS);
        try {
            int db = client.open(address.database);
            long[] stmt = client.prepare(db, "SELECT sqlite_version()");
            DqliteClient.Batch batch = client.query(db, (int) stmt[0], new Object[0], "SELECT sqlite_version()", false);
            String version = String.valueOf(batch.rows.getFirst()[0]);
            client.finalizeStatement(db, (int) stmt[0]);
            return new DqliteConnection(address, timeout, spec.busyTimeoutMillis(), client, db, version);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The protocol connection, opened again (to whichever node leads now) if the last one was cut
     * or lost. A transaction open on the lost connection is gone: until it is rolled back, every
     * statement fails with an error that says so.
     */
    DqliteClient client() {
        return client(null);
    }

    /**
     * The protocol connection for a new request of {@code requester}: a query of another
     * statement still sending rows is read to its end first (into that statement's buffer), since
     * a dqlite node takes one request at a time per connection.
     */
    DqliteClient client(DqliteStatement requester) {
        DqliteStatement other = streaming;
        if (other != null && other != requester) {
            streaming = null;
            other.readRest();
        }
        DqliteClient c = client;
        if (!c.isBroken()) {
            return c;
        }
        if (closed) {
            throw dev.asyncsqlite.internal.engine.SqliteErrors.closed("dqlite connection");
        }
        if (inTransaction) {
            transactionLost = true;
        }
        DqliteClient fresh = DqliteClient.connectToLeader(address.nodes, timeoutMillis, READ_TIMEOUT_MILLIS);
        try {
            db = fresh.open(address.database);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        generation++;
        client = fresh;
        return fresh;
    }

    /** Notes the statement whose query is still sending rows, or none. */
    void streaming(DqliteStatement statement) {
        streaming = statement;
    }

    /** The protocol connection as it is, possibly cut, without opening it again. */
    DqliteClient currentClient() {
        return client;
    }

    int db() {
        return db;
    }

    /** Bumped each time the connection is opened again: statements prepared before are gone. */
    int generation() {
        return generation;
    }

    /**
     * Refuses work on a transaction that was lost with its connection, but its rollback, which
     * needs no round trip: the leader rolled it back when the connection dropped.
     *
     * @return true if {@code sql} is such a rollback, already done
     */
    boolean checkTransaction(String sql, Effect effect) {
        if (effect == Effect.ROLLBACK && (transactionLost || inTransaction && client.isBroken())) {
            transactionLost = false;
            follow(effect);
            return true;
        }
        if (transactionLost) {
            throw dev.asyncsqlite.internal.engine.SqliteErrors.create(DqliteClient.SQLITE_IOERR,
                    "the transaction was lost with the connection to the dqlite leader (cut, or the leader changed);"
                            + " roll it back and run it again", sql, null);
        }
        return false;
    }

    /**
     * Runs a request again while the leader answers {@code SQLITE_BUSY} (another connection holds
     * the write lock), for up to the busy timeout, as SQLite's busy handler would: a busy answer
     * means nothing was applied. A rollback that fails because the connection was lost succeeded:
     * the leader rolled the transaction back when the connection dropped.
     */
    <T> T run(String sql, Effect effect, java.util.function.Supplier<T> request, T rolledBack) {
        long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
        long pause = 1;
        while (true) {
            try {
                return request.get();
            } catch (dev.asyncsqlite.SqliteException e) {
                if (effect == Effect.ROLLBACK && client.isBroken()) {
                    transactionLost = false;
                    follow(effect);
                    return rolledBack;
                }
                if (e.extendedResultCode() != SQLITE_BUSY || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw dev.asyncsqlite.internal.engine.SqliteErrors.interrupted(sql);
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    private static final int SQLITE_BUSY = 5;
    private static final java.util.regex.Pattern JOURNAL_MODE =
            java.util.regex.Pattern.compile("(?is)\\s*PRAGMA\\s+(main\\.)?journal_mode\\s*=.*");
    private static final int SQLITE_ROW = 100;

    @Override
    public boolean inTransaction() {
        // A transaction lost with its connection is still the session's to roll back.
        return inTransaction || transactionLost;
    }

    /** What a statement does to the transaction state, read once from its SQL. */
    enum Effect {
        NONE, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE;

        private static final java.util.regex.Pattern ROLLBACK_TO =
                java.util.regex.Pattern.compile("(?is)\\s*ROLLBACK\\s+(TRANSACTION\\s+)?TO\\b.*");

        static Effect of(String sql) {
            switch (SqlText.parse(sql).keyword()) {
                case "BEGIN":
                    return BEGIN;
                case "COMMIT":
                case "END":
                    return COMMIT;
                case "ROLLBACK":
                    // ROLLBACK TO a savepoint leaves the transaction open.
                    return ROLLBACK_TO.matcher(sql).matches() ? NONE : ROLLBACK;
                case "SAVEPOINT":
                    return SAVEPOINT;
                case "RELEASE":
                    return RELEASE;
                default:
                    return NONE;
            }
        }
    }

    void executed(long[] result, Effect effect) {
        lastInsertRowId = result[0];
        changes = result[1];
        totalChanges += result[1];
        follow(effect);
    }

    // Tracks BEGIN ... COMMIT, since dqlite has no sqlite3_get_autocommit on the wire.
    void follow(Effect effect) {
        switch (effect) {
            case BEGIN:
                inTransaction = true;
                savepointStarted = false;
                break;
            case COMMIT:
            case ROLLBACK:
                inTransaction = false;
                savepointDepth = 0;
                break;
            case SAVEPOINT:
                if (!inTransaction) {
                    inTransaction = true;
                    savepointStarted = true;
                    savepointDepth = 0;
                }
                savepointDepth++;
                break;
            case RELEASE:
                savepointDepth = Math.max(0, savepointDepth - 1);
                if (savepointStarted && savepointDepth == 0) {
                    inTransaction = false;
                }
                break;
            default:
                break;
        }
    }

    @Override
    public NativeStatement prepare(String sql) {
        boolean query = DqliteStatement.yieldsRows(sql);
        DqliteClient c = client();
        long[] prepared = c.prepare(db, sql);
        return new DqliteStatement(this, sql, query, (int) prepared[0], (int) prepared[1], generation);
    }

    @Override
    public void exec(String sql) {
        if (JOURNAL_MODE.matcher(sql).matches()) {
            // dqlite's databases are always in WAL mode, kept by its own VFS; changing the
            // journal mode through SQL is not for a client (dqlite 1.11 aborts on it).
            return;
        }
        Effect effect = Effect.of(sql);
        if (checkTransaction(sql, effect)) {
            return;
        }
        DqliteClient c = client();
        // Opening the connection again may have lost a transaction.
        if (checkTransaction(sql, effect)) {
            return;
        }
        long[] result = run(sql, effect, () -> {
            try {
                return c.execSql(db, sql);
            } catch (dev.asyncsqlite.SqliteException e) {
                if (e.extendedResultCode() == SQLITE_ROW) {
                    // The statement ran to its first row (a pragma that reports its new value):
                    // dqlite's exec calls that an error, SQLite's does not.
                    return new long[] {lastInsertRowId, 0};
                }
                throw e;
            }
        }, null);
        if (result != null) {
            executed(result, effect);
        }
    }

    @Override
    public long changes() {
        return changes;
    }

    @Override
    public long totalChanges() {
        return totalChanges;
    }

    @Override
    public long lastInsertRowId() {
        return lastInsertRowId;
    }

    /**
     * Stops a query whose rows are being read, by cutting the connection (see
     * {@link DqliteClient#abortQuery()}); dqlite cannot interrupt other statements.
     */
    @Override
    public void interrupt() {
        client.abortQuery();
    }

    @Override
    public String libVersion() {
        return version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    @Override
    public String engineName() {
        return DqliteEngine.NAME;
    }

    private NotSupportedException unsupported(String what) {
        return new NotSupportedException(what + " is not supported by the dqlite engine: the database runs on the cluster's leader,"
                + " which cannot call back into this process");
    }

    @Override
    public void createFunction(String name, int nArgs, boolean deterministic, SqlFunction function) {
        throw unsupported("createFunction");
    }

    @Override
    public void createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        throw unsupported("createAggregate");
    }

    @Override
    public void createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory) {
        throw unsupported("createWindowFunction");
    }

    @Override
    public void removeFunction(String name, int nArgs) {
        throw unsupported("removeFunction");
    }

    @Override
    public void createCollation(String name, Comparator<String> comparator) {
        throw unsupported("createCollation");
    }

    @Override
    public void removeCollation(String name) {
        throw unsupported("removeCollation");
    }

    @Override
    public void setProgressHandler(int instructions, ProgressHandler handler) {
        throw unsupported("setProgressHandler");
    }

    @Override
    public boolean hasHooks() {
        return false;
    }

    @Override
    public void setUpdateHook(UpdateHook hook) {
        throw unsupported("setUpdateHook");
    }

    @Override
    public void setTransactionHooks(Runnable onCommit, Runnable onRollback) {
        throw unsupported("setTransactionHooks");
    }

    @Override
    public void setAuthorizer(Authorizer authorizer) {
        throw unsupported("setAuthorizer");
    }

    @Override
    public void enableLoadExtension(boolean enabled) {
        throw new NotSupportedException("loading extensions is not supported by the dqlite engine");
    }

    @Override
    public int limit(int id, int value) {
        throw new NotSupportedException("sqlite3_limit is not supported by the dqlite engine");
    }

    @Override
    public byte[] serialize(String schema) {
        throw new NotSupportedException("serialize is not supported by the dqlite engine");
    }

    @Override
    public void deserialize(String schema, byte[] image) {
        throw new NotSupportedException("deserialize is not supported by the dqlite engine");
    }

    @Override
    public void backupToFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        throw new NotSupportedException("backup is not supported by the dqlite engine (the cluster replicates the database)");
    }

    @Override
    public void restoreFromFile(String schema, String file, int pagesPerStep, int sleepMillis, BackupProgress progress) {
        throw new NotSupportedException("restore is not supported by the dqlite engine");
    }
}
