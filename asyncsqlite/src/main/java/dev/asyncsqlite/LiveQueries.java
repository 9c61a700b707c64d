package dev.asyncsqlite;

import java.util.List;
import java.util.concurrent.Flow;

/**
 * Live queries: a query as a stream of its results, re-run when the data it reads changes, and
 * the stream of row changes itself. Offered by a {@link Connection} and by a {@link Pool}.
 *
 * <h2>What a watch emits</h2>
 * {@link #watch(String, Object...)} emits the query's whole result as a list as soon as the
 * subscriber asks, and then again after each committed transaction that changed a table the query
 * reads. It never emits for a change that is not committed or that was rolled back: every run
 * reads committed data only. The tables a query reads are those SQLite itself reports for it: the
 * authorizer's {@code SQLITE_READ} on the native engine, the tables and indexes its compiled
 * program opens ({@code EXPLAIN}) on sqlite-jdbc; so tables read through views, subqueries, joins
 * and indexes count.
 *
 * <p><b>Whose changes.</b> Transactions committed by any connection of this process on the same
 * database file (the pool's writer, other pools and connections, whichever local engine they use)
 * are seen the moment they commit, with the tables they changed, as SQLite's update hook reports
 * them. Transactions committed by other processes are found by checking
 * {@code PRAGMA data_version} every {@link ConnectOptions#watchPollInterval()} (1 second by
 * default) while a watch is subscribed; such a check cannot tell which tables changed, so every
 * watch of the connection or pool runs again, and emits only if its result differs from the one it
 * emitted last. The same rule (run again, emit only a different result) covers the changes for
 * which SQLite cannot name the rows: a {@code DELETE} without {@code WHERE} (the truncate
 * optimization), {@code WITHOUT ROWID} tables, a schema change, {@code restore},
 * {@code deserialize}, a blob opened for writing, a statement that failed part-way, a
 * {@code ROLLBACK TO} inside the transaction, a transaction that began before the watch did, and
 * queries on virtual tables. An in-memory database has no other process to watch for.
 *
 * <p><b>Coalescing and back-pressure.</b> Each subscription runs at most one query at a time.
 * Changes committed while it runs cause exactly one more run once it finishes, however many there
 * were; the newest result wins. A query runs only while the subscriber has requested a result: a
 * result that finds no demand is kept, and if the data changes again before the subscriber asks,
 * it is dropped and the query runs again, so a slow subscriber always receives the newest result
 * and never a queue of stale ones.
 *
 * <p><b>Threads.</b> Queries run on the connection's worker thread (for a pool, on a reader), in
 * turn with the other work queued there. Signals reach the subscriber on the thread that finished
 * the run (a worker, or the {@link ConnectOptions#completionExecutor() completion executor}), on
 * the thread of a connection that committed a change, or on the thread calling
 * {@link Flow.Subscription#request}; they are never concurrent. Subscribers must not block.
 *
 * <p><b>Ending.</b> {@link Flow.Subscription#cancel()} stops the watch: a run in progress is
 * interrupted and its statement released, and once no watch or change feed of the database is
 * subscribed, its connections stop tracking changes and the {@code data_version} checks stop. A
 * watch completes ({@code onComplete}) when its connection or pool closes, after delivering, on
 * demand, a result it already holds. It fails ({@code onError}) with the {@link SqliteException}
 * of a run that failed (a table it reads was dropped, say), and at subscription with a
 * {@link ProgrammingException} for a statement that is not a query, with a
 * {@link ParameterBindingException} for a parameter that cannot be bound, or with a
 * {@link ConnectionClosedException} when the connection or pool is already closed.
 *
 * <p>Every subscription to a watch publisher is a watch of its own, running its own queries. The
 * dqlite engine has no update hook: there a watch runs again, emitting only a different result,
 * after each transaction committed through the same connection or pool, and sees the commits of
 * other clients through {@code data_version} (see the dqlite engine's documentation).
 */
public interface LiveQueries {

    /**
     * Watches a query: its result now, and again after each committed change to a table it reads.
     *
     * @param sql one query: a {@code SELECT} or {@code VALUES}, possibly after {@code WITH}
     * @param params the positional parameter values, converted now as for
     *     {@link SqlOperations#execute(String, Object...)}
     * @return a publisher of the query's results; each subscription is a watch of its own
     */
    Flow.Publisher<List<Row>> watch(String sql, Object... params);

    /**
     * Watches a query, mapping its rows.
     *
     * @param sql one query: a {@code SELECT} or {@code VALUES}, possibly after {@code WITH}
     * @param mapper maps each row; runs on the worker thread that runs the query. A result of a
     *     run whose rows are all equal ({@link Object#equals}) to the last emitted is not emitted
     *     again where this interface says so, so mapped types should define equality (records do)
     * @param params the positional parameter values
     * @param <T> the mapped type
     * @return a publisher of the mapped results; each subscription is a watch of its own
     */
    <T> Flow.Publisher<List<T>> watch(String sql, RowMapper<T> mapper, Object... params);

    /**
     * The rows that committed transactions change, one {@link Change} per row and in commit
     * order, published once the transaction has committed; rolled-back transactions publish
     * nothing. Covers the transactions of every connection of this process on the same database
     * file that commit after the subscription began, not those of other processes, and only what
     * SQLite's update hook reports (see {@link Change}). Rows changed by a statement that failed
     * are left out, also those that {@code ON CONFLICT FAIL} keeps; rows undone by
     * {@code ROLLBACK TO} inside a transaction that then commits are still published.
     *
     * <p>Up to 100,000 changes wait for the subscriber's demand; if it falls further behind, the
     * subscription fails with {@link IllegalStateException}. The publisher completes when the
     * connection or pool closes, after the changes already waiting have been requested.
     *
     * @return a publisher of the changes; each subscription receives every change
     */
    Flow.Publisher<Change> changes();
}
