package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.UpdateHook;
import dev.asyncsqlite.internal.engine.NativeConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One connection's part in live queries. While its database's {@link ChangeHub} has listeners,
 * it records through SQLite's update, commit and rollback hooks the rows each transaction
 * changes, and hands them to the hub once the transaction has committed; a transaction that
 * rolls back hands over nothing. While nobody listens it installs no hook of its own and costs a
 * field read or two per statement.
 *
 * <p>The session calls {@link #beforeStatement()} before each statement, {@link #afterStatement}
 * once its engine calls have succeeded and it is finished, and {@link #statementFailed()} when an
 * engine call failed. Between two of these checkpoints run the engine calls of one statement
 * (and at most the further reads of cursors already open, which change nothing or, for a
 * change with {@code RETURNING}, changed what they change at their first step), so a checkpoint
 * can tell what that statement did:
 * <ul>
 *   <li>The rows the update hook reported are the statement's changes, and a commit hook that
 *       fired means the transaction committed once the statement returned, never before (a
 *       commit that fails is a failed statement). SQLite calls the commit hook before it
 *       commits, so nothing is handed over from inside it.</li>
 *   <li>{@code sqlite3_total_changes} counts the same rows as the update hook (trigger programs
 *       and foreign key actions included, {@code REPLACE} deletions excluded, as both leave them
 *       out) except those of {@code WITHOUT ROWID} tables and of the truncate optimization, which
 *       the hook does not report. When it grew by more than the hook reported, the tables the
 *       statement writes (triggers included, asked of SQLite) may have changed.</li>
 *   <li>A statement that failed may have been undone (the default {@code ABORT}) or kept its
 *       rows ({@code FAIL}): its rows are dropped and their tables may have changed.</li>
 *   <li>A {@code ROLLBACK} that fires no rollback hook was a {@code ROLLBACK TO}: which rows it
 *       undid is unknown, so all tables changed so far may have changed.</li>
 * </ul>
 * Engines without hooks (dqlite) report, after each commit through the connection, that
 * anything may have changed.
 *
 * <p>Threading: {@link #requestSync} and {@link #whenClosed} on any thread; everything else on the
 * worker thread, the hooks included (SQLite calls them inside the statement).
 */
final class ChangeTracker {
    private static final int WRITE_SETS_LIMIT = 256;

    private final NativeConnection connection;
    // Engines without hooks (dqlite): a commit may have changed anything.
    private final boolean hookless;
    private final ConcurrentLinkedQueue<ChangeHub.Sync> syncs = new ConcurrentLinkedQueue<>();
    // Guarded by itself, as is closed (written on the worker).
    private final List<Runnable> whenClosed = new ArrayList<>();
    private boolean closed;
    // Set by join before the connection is handed out; read on the worker and by listeners.
    private volatile ChangeHub hub;
    // Any thread: true from when the hooks are in until tracking stops, so that every statement
    // that starts meanwhile is tracked; a new listener need not wait for this connection then.
    private volatile boolean tracking;
    private Consumer<Runnable> onWorker;

    // Worker thread only.
    private UpdateHook userUpdate;
    private Runnable userCommit;
    private Runnable userRollback;
    private boolean active;
    private final PendingChanges pending = new PendingChanges();
    private boolean committed;
    private boolean rolledBack;
    // At the last checkpoint: how many rows had been reported, and sqlite3_total_changes.
    private int mark;
    private long total;
    private final List<Runnable> afterTransaction = new ArrayList<>();
    private final Map<String, TableSet> writeSets = new HashMap<>();

    private final UpdateHook onRow = (kind, database, table, rowId) -> {
        pending.row(kind, database, table, rowId);
        UpdateHook user = userUpdate;
        if (user != null) {
            user.onUpdate(kind, database, table, rowId);
        }
    };
    private final Runnable onCommit = () -> {
        committed = true;
        Runnable user = userCommit;
        if (user != null) {
            user.run();
        }
    };
    private final Runnable onRollback = () -> {
        rolledBack = true;
        clear();
        Runnable user = userRollback;
        if (user != null) {
            user.run();
        }
    };

    ChangeTracker(NativeConnection connection) {
        this.connection = connection;
        this.hookless = !connection.hasHooks();
    }

    /**
     * Joins the hub of the connection's database. Worker thread, once, before any statement.
     *
     * @param key the database's identity in this process, or {@code null} for a private one
     * @param onWorker queues a task on the connection's worker
     */
    void join(Object key, Consumer<Runnable> onWorker) {
        this.onWorker = onWorker;
        this.hub = ChangeHub.join(key, this);
    }

    /**
     * The hub, or {@code null} before {@link #join}.
     *
     * @return the hub
     */
    ChangeHub hub() {
        return hub;
    }

    /**
     * Sets the user's update hook, which runs after the tracker's own.
     *
     * @param hook the wrapped hook, or {@code null}
     */
    void setUserUpdateHook(UpdateHook hook) {
        if (!active || hookless) {
            connection.setUpdateHook(hook);
        }
        userUpdate = hook;
    }

    /**
     * Sets the user's commit and rollback hooks, which run after the tracker's own.
     *
     * @param onCommit the wrapped commit hook, or {@code null}
     * @param onRollback the wrapped rollback hook, or {@code null}
     */
    void setUserTransactionHooks(Runnable onCommit, Runnable onRollback) {
        if (!active || hookless) {
            connection.setTransactionHooks(onCommit, onRollback);
        }
        userCommit = onCommit;
        userRollback = onRollback;
    }

    /**
     * Whether the tracker tracks every statement that starts from now on. Any thread.
     *
     * @return true while tracking
     */
    boolean tracking() {
        return tracking;
    }

    /**
     * Asks the tracker to see whether it is wanted, and to count itself in {@code sync} once it
     * has. Any thread.
     *
     * @param sync the new listener's count
     */
    void requestSync(ChangeHub.Sync sync) {
        syncs.add(sync);
        onWorker.accept(this::sync);
    }

    /** Before a statement runs: starts or stops tracking if that is wanted, then a checkpoint. */
    void beforeStatement() {
        ChangeHub h = hub;
        if (h == null) {
            return;
        }
        if (active != h.interested() || !syncs.isEmpty()) {
            sync();
        }
        if (active) {
            checkpoint(null);
        }
    }

    /**
     * A statement finished: its engine calls since the last checkpoint succeeded.
     *
     * @param text the statement, or {@code null} when unknown
     */
    void afterStatement(SqlText text) {
        if (active) {
            checkpoint(text);
        }
    }

    /**
     * A statement run with {@code exec} finished.
     *
     * @param sql the statement
     */
    void afterStatement(String sql) {
        if (active) {
            checkpoint(SqlText.parse(sql));
        }
    }

    /** An engine call since the last checkpoint failed. */
    void statementFailed() {
        if (!active) {
            return;
        }
        if (!rolledBack) {
            pending.doubtSince(mark);
            if (committed && connection.inTransaction()) {
                committed = false;
            }
        }
        total = connection.totalChanges();
        settle();
    }

    /**
     * Where a savepoint begins, for {@link #rolledBackTo}: call right after
     * {@link #beforeStatement()}.
     *
     * @return the mark
     */
    int savepoint() {
        return pending.rows();
    }

    /**
     * A savepoint of the session's own was rolled back to and released: its rows are undone.
     *
     * @param savepoint what {@link #savepoint()} returned
     */
    void rolledBackTo(int savepoint) {
        if (!active) {
            return;
        }
        if (!rolledBack) {
            pending.undoSince(savepoint);
        }
        total = connection.totalChanges();
        settle();
    }

    /** The database was replaced whole (restore, deserialize, a backup into it): tell at once. */
    void replaced() {
        if (active) {
            pending.everything();
            pending.schema();
            publish();
            transactionEnded();
        }
    }

    /**
     * A blob of a table was opened for writing: blob writes reach no hook.
     *
     * @param schema the schema
     * @param table the table
     */
    void blobOpened(String schema, String table) {
        if (active) {
            pending.doubt(TableSet.key(schema, table));
        }
    }

    /**
     * Runs {@code action} once the connection's open transaction ends. Worker thread, while a
     * transaction is open.
     *
     * @param action the action
     */
    void afterTransaction(Runnable action) {
        if (!active) {
            sync();
        }
        if (active) {
            afterTransaction.add(action);
        } else {
            action.run();
        }
    }

    /**
     * Runs {@code action} once the connection has closed, or at once if it has. Any thread.
     *
     * @param action the action
     */
    void whenClosed(Runnable action) {
        synchronized (whenClosed) {
            if (!closed) {
                whenClosed.add(action);
                return;
            }
        }
        action.run();
    }

    /** The connection closed: leaves the hub. */
    void close() {
        List<Runnable> actions;
        synchronized (whenClosed) {
            closed = true;
            actions = new ArrayList<>(whenClosed);
            whenClosed.clear();
        }
        ChangeHub h = hub;
        if (h != null) {
            h.leave(this);
        }
        for (ChangeHub.Sync s; (s = syncs.poll()) != null; ) {
            s.arrive();
        }
        // The handle is gone: nothing more to track, and no hook to remove.
        tracking = false;
        active = false;
        clear();
        afterTransaction.clear();
        actions.forEach(Runnable::run);
    }

    private void sync() {
        ChangeHub h = hub;
        boolean wanted;
        synchronized (whenClosed) {
            wanted = h != null && !closed && h.interested();
        }
        if (wanted && !active) {
            activate();
        } else if (!wanted && active) {
            deactivate();
        }
        boolean late = false;
        for (ChangeHub.Sync s; (s = syncs.poll()) != null; ) {
            late |= !s.arrive();
        }
        if (late && active) {
            // A listener stopped waiting before this connection tracked: what it committed in the
            // meantime is unknown.
            h.publish(ChangeSet.UNKNOWN);
        }
    }

    private void activate() {
        if (!hookless) {
            connection.setUpdateHook(onRow);
            connection.setTransactionHooks(onCommit, onRollback);
        }
        active = true;
        clear();
        committed = false;
        rolledBack = false;
        // A transaction already open may hold changes made before the hooks were there.
        if (connection.inTransaction()) {
            pending.everything();
        }
        total = connection.totalChanges();
        tracking = true;
    }

    private void deactivate() {
        // A listener that comes now and finds tracking on skips this connection; it set interest
        // before reading tracking, so reading interest after clearing tracking sees it.
        tracking = false;
        if (hub.interested()) {
            tracking = true;
            return;
        }
        active = false;
        if (!hookless) {
            connection.setUpdateHook(userUpdate);
            connection.setTransactionHooks(userCommit, userRollback);
        }
        clear();
        afterTransaction.clear();
    }

    private void checkpoint(SqlText text) {
        long now = connection.totalChanges();
        if (!rolledBack) {
            if (now - total > pending.rows() - mark) {
                unhooked(text);
            }
            if (text != null) {
                switch (text.keyword()) {
                    case "CREATE":
                    case "DROP":
                    case "ALTER":
                        pending.schema();
                        writeSets.clear();
                        break;
                    case "ROLLBACK":
                        // No rollback hook fired: a ROLLBACK TO, which undid rows we cannot tell.
                        pending.doubtAll();
                        break;
                    default:
                        break;
                }
            }
        }
        total = now;
        settle();
    }

    // The transaction's tables may have changed without the hook saying which rows: the tables
    // the statement writes, as SQLite compiles it, or anything when that is unknown.
    private void unhooked(SqlText text) {
        TableSet written = text == null ? null : writeSet(text.sql());
        if (written == null || written.unknown()) {
            pending.everything();
        } else {
            pending.doubt(written.keys());
        }
    }

    private TableSet writeSet(String sql) {
        TableSet set = writeSets.get(sql);
        if (set == null) {
            try {
                set = TableAnalysis.writes(connection, sql);
            } catch (RuntimeException e) {
                set = TableSet.UNKNOWN;
            }
            if (writeSets.size() >= WRITE_SETS_LIMIT) {
                writeSets.clear();
            }
            writeSets.put(sql, set);
        }
        return set;
    }

    private void settle() {
        if (rolledBack) {
            rolledBack = false;
            committed = false;
            transactionEnded();
        } else if (committed) {
            committed = false;
            publish();
            transactionEnded();
        } else if (hookless && (!pending.isEmpty() || !afterTransaction.isEmpty()) && !connection.inTransaction()) {
            publish();
            transactionEnded();
        }
        mark = pending.rows();
    }

    private void publish() {
        if (!pending.isEmpty()) {
            hub.publish(pending.take());
        }
        mark = 0;
    }

    private void transactionEnded() {
        if (!afterTransaction.isEmpty()) {
            List<Runnable> actions = new ArrayList<>(afterTransaction);
            afterTransaction.clear();
            actions.forEach(Runnable::run);
        }
    }

    private void clear() {
        pending.clear();
        mark = 0;
    }
}
