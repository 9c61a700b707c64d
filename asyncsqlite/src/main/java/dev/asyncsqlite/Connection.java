package dev.asyncsqlite;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An asynchronous connection to one SQLite database: the {@code aiosqlite.Connection} of Java.
 *
 * <p>Each connection owns one daemon platform thread, named {@code asyncsqlite-<id>}, that runs
 * every one of its SQLite calls in submission order (FIFO). The connection may be used from any
 * number of threads at once. Futures complete on that thread unless
 * {@link ConnectOptions#completionExecutor()} is set; code chained on them with
 * {@code thenCompose}/{@code thenApply} then runs there too, so it must not block. Blocking on a
 * future of this connection from its own worker thread would deadlock and throws
 * {@link IllegalStateException} instead.
 *
 * <p>After {@link #closeAsync()} or {@link #close()} every further operation fails at once with a
 * {@link ConnectionClosedException}. A connection that becomes unreachable without being closed is
 * closed by a cleaner, with a warning logged through {@link System.Logger}; an open connection
 * never keeps the JVM from exiting.
 */
public interface Connection extends SqlOperations, AutoCloseable {

    /**
     * Creates a cursor that is not yet bound to a statement.
     *
     * @return a future of a new cursor
     */
    CompletableFuture<Cursor> cursor();

    /**
     * Runs a script of zero or more SQL statements, without parameters: {@code executescript}.
     * A pending transaction is committed first, as {@code sqlite3} does.
     *
     * @param script the SQL statements
     * @return a future of a new cursor (with no rows) once every statement has run
     */
    CompletableFuture<Cursor> executeScript(String script);

    /**
     * Commits the open transaction, if there is one.
     *
     * @return a future completed once committed
     */
    CompletableFuture<Void> commit();

    /**
     * Rolls back the open transaction, if there is one.
     *
     * @return a future completed once rolled back
     */
    CompletableFuture<Void> rollback();

    /**
     * Runs {@code body} inside a transaction with exclusive use of the connection:
     * {@code BEGIN} (at the connection's isolation level, {@code DEFERRED} under autocommit),
     * then the body, then {@code COMMIT}; {@code ROLLBACK} if the body throws, its stage fails,
     * the returned future is cancelled, or it takes longer than
     * {@link ConnectOptions#transactionTimeout()}.
     *
     * <p>While the body runs, operations submitted through the connection itself (by this or any
     * other caller) wait until the transaction ends; only operations made through the given
     * {@link Transaction} run. So two tasks never share a transaction by accident. The body is
     * called on the worker thread and must not block; it must use the {@code Transaction}, not
     * the connection, or it waits for itself until the timeout ends the transaction.
     *
     * @param body builds the transaction's work from the handle
     * @param <T> the result type
     * @return a future of the body's result, completed after {@code COMMIT}
     */
    <T> CompletableFuture<T> transaction(Function<Transaction, ? extends CompletionStage<T>> body);

    /**
     * Whether a transaction is open, as SQLite itself reports it ({@code sqlite3_get_autocommit}
     * is false). Queued behind earlier operations.
     *
     * @return a future of the state after all earlier operations
     */
    CompletableFuture<Boolean> inTransaction();

    /**
     * The number of rows changed since the connection opened ({@code sqlite3_total_changes64}).
     *
     * @return a future of the count after all earlier operations
     */
    CompletableFuture<Long> totalChanges();

    /**
     * The isolation level in force for later statements. Queued behind earlier operations.
     *
     * @return a future of the level
     */
    CompletableFuture<IsolationLevel> isolationLevel();

    /**
     * Changes the isolation level for later statements. Switching to
     * {@link IsolationLevel#AUTOCOMMIT} commits an open transaction, as {@code sqlite3} does.
     *
     * @param level the new level
     * @return a future completed once the level is in force
     */
    CompletableFuture<Void> setIsolationLevel(IsolationLevel level);

    /**
     * Interrupts the statement running now, if any ({@code sqlite3_interrupt}): it fails with a
     * {@link SqliteInterruptedException}. Runs at once from the calling thread, not queued. Queued
     * operations are not affected.
     */
    void interrupt();

    /**
     * Closes the connection after everything queued before this call has run: an open
     * transaction is rolled back, SQLite is closed and the worker thread ends. Operations
     * submitted afterwards fail at once. Idempotent: later calls return the same future.
     *
     * @return a future completed once the connection is closed
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Closes the connection as {@link #closeAsync()} does and waits for it, at most
     * {@link ConnectOptions#closeTimeout()}.
     *
     * @throws SqliteException if closing failed or did not finish in time
     * @throws IllegalStateException if called on this connection's own worker thread
     */
    @Override
    void close();

    /**
     * Whether {@link #closeAsync()} or {@link #close()} has been called.
     *
     * @return true once closing has begun
     */
    boolean isClosed();

    /**
     * The options the connection was opened with.
     *
     * @return the options
     */
    ConnectOptions options();
}
