package dev.asyncsqlite;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * <p>User callbacks ({@link SqlFunction}s, {@link Aggregate}s, collations, the
 * {@link ProgressHandler}, the {@link Authorizer}, the {@link TraceCallback}, hooks, backup
 * progress) run on the worker thread while a statement runs: they must be quick, must not block
 * and must not use the connection. Whatever they throw fails the statement they ran in, also
 * when SQLite runs them while it prepares the statement (the authorizer; the progress handler
 * while the schema is read), with a {@link SqliteException} whose cause is the thrown exception;
 * it never fails another statement, and never the worker. Functions, aggregates, the progress
 * handler and the authorizer fail their statement through SQLite, and the trace callback runs
 * before its statement starts. A collation or a hook cannot fail the statement it runs in, so the
 * statement is interrupted instead, unless another statement of the connection is still open (a
 * cursor with rows left, a {@link Blob}), which the interrupt would stop too: the statement then
 * runs to its end and fails, keeping what it changed (roll back to undo it). When SQLite
 * interrupts a statement that writes (the progress handler's abort included) it rolls back the
 * open transaction, as it does for {@link #interrupt()}.
 *
 * <p>{@link #watch Watched queries} run on the worker thread in turn with the rest of the work, and
 * only outside a transaction of the connection's own, so that they read committed data only (see
 * {@link LiveQueries}).
 *
 * <p>After {@link #closeAsync()} or {@link #close()} every further operation fails at once with a
 * {@link ConnectionClosedException}. A connection that becomes unreachable without being closed is
 * closed by a cleaner, with a warning logged through {@link System.Logger}; an open connection
 * never keeps the JVM from exiting.
 */
public interface Connection extends SqlOperations, LiveQueries, AutoCloseable {

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
     * operations are not affected. Like {@code sqlite3_interrupt}, it is a request: one that
     * arrives just as a statement begins may go unseen, so call it again if the statement goes
     * on; cancelling the operation's future instead repeats the request until the work ends.
     *
     * @throws ConnectionClosedException once the connection is closed or closing, as every
     *     operation after close fails
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

    /**
     * Creates or replaces a scalar SQL function: {@code create_function}. A deterministic
     * function may be used in index expressions and partial-index conditions.
     *
     * @param name the function name
     * @param nArgs the number of arguments it takes, or -1 for any number
     * @param function computes the value; runs on the worker thread
     * @param deterministic whether it always gives the same result for the same arguments
     * @return a future completed once the function can be used
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters, the bounds of {@code sqlite3_create_function}, checked at once
     *     like every argument that SQLite itself need not see
     */
    CompletableFuture<Void> createFunction(String name, int nArgs, SqlFunction function, boolean deterministic);

    /**
     * Creates or replaces a scalar SQL function that is not deterministic.
     *
     * @param name the function name
     * @param nArgs the number of arguments it takes, or -1 for any number
     * @param function computes the value; runs on the worker thread
     * @return a future completed once the function can be used
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    default CompletableFuture<Void> createFunction(String name, int nArgs, SqlFunction function) {
        return createFunction(name, nArgs, function, false);
    }

    /**
     * Removes a function created with this name and number of arguments (scalar, aggregate or
     * window).
     *
     * @param name the function name
     * @param nArgs the number of arguments it was created with
     * @return a future completed once removed
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    CompletableFuture<Void> removeFunction(String name, int nArgs);

    /**
     * Creates or replaces an aggregate SQL function: {@code create_aggregate}.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any number
     * @param factory makes a fresh {@link Aggregate} for every group; runs on the worker thread
     * @return a future completed once the function can be used
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    CompletableFuture<Void> createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory);

    /**
     * Creates or replaces an aggregate window function: {@code create_window_function}.
     *
     * <p>Over a frame no row entered (such as {@code ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING} on
     * a partition's first row) it gives SQL {@code NULL} without making a state, as SQLite's own
     * aggregates do. The sqlite-jdbc engine refuses window functions: its native code aborts the
     * whole JVM when SQLite asks a window function for the value of such a frame (sqlite-jdbc's
     * issue 1271), which no check in Java can prevent.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any number
     * @param factory makes a fresh {@link WindowAggregate} for every partition; runs on the worker
     * @return a future completed once the function can be used; failed with
     *     {@link NotSupportedException} on the sqlite-jdbc engine
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    CompletableFuture<Void> createWindowFunction(String name, int nArgs, Supplier<? extends WindowAggregate> factory);

    /**
     * Creates or replaces a collation: {@code create_collation}. {@code ORDER BY x COLLATE name}
     * then orders as the comparator says.
     *
     * @param name the collation name
     * @param comparator compares two texts; runs on the worker thread
     * @return a future completed once the collation can be used
     */
    CompletableFuture<Void> createCollation(String name, Comparator<String> comparator);

    /**
     * Removes a collation.
     *
     * @param name the collation name
     * @return a future completed once removed
     */
    CompletableFuture<Void> removeCollation(String name);

    /**
     * Sets the progress handler, called every {@code instructions} virtual machine instructions
     * of a running statement: {@code set_progress_handler}. When it returns true the statement
     * fails with {@link SqliteInterruptedException}.
     *
     * @param handler the handler, or {@code null} to remove it
     * @param instructions at least 1; any value when removing the handler, as in {@code sqlite3}
     * @return a future completed once set
     * @throws IllegalArgumentException if a handler is given and {@code instructions} is less than 1
     */
    CompletableFuture<Void> setProgressHandler(ProgressHandler handler, int instructions);

    /**
     * Sets the trace callback, told the SQL of every statement the connection runs (including
     * the {@code BEGIN}, {@code COMMIT} and savepoints asyncsqlite issues for you) just before it
     * runs: {@code set_trace_callback}. The native engine also reports each trigger program as it
     * starts, as SQLite's comment {@code -- TRIGGER name}; the sqlite-jdbc engine cannot.
     *
     * @param callback the callback, or {@code null} to remove it
     * @return a future completed once set
     */
    CompletableFuture<Void> setTraceCallback(TraceCallback callback);

    /**
     * Sets the update hook, told of every row inserted, updated or deleted in a rowid table.
     *
     * @param hook the hook, or {@code null} to remove it
     * @return a future completed once set
     */
    CompletableFuture<Void> setUpdateHook(UpdateHook hook);

    /**
     * Sets the commit and rollback hooks, told when a transaction commits or rolls back. They are
     * notifications: they cannot veto the commit.
     *
     * @param onCommit called after a commit, or {@code null}
     * @param onRollback called after a rollback, or {@code null}
     * @return a future completed once set
     */
    CompletableFuture<Void> setTransactionHooks(Runnable onCommit, Runnable onRollback);

    /**
     * Sets the authorizer: {@code set_authorizer}. The sqlite-jdbc engine cannot install one, so
     * with it the future fails with {@link NotSupportedException}.
     *
     * @param authorizer the authorizer, or {@code null} to remove it
     * @return a future completed once set
     */
    CompletableFuture<Void> setAuthorizer(Authorizer authorizer);

    /**
     * Allows or forbids loading extensions, through the C API and the {@code load_extension()}
     * SQL function: {@code enable_load_extension}. Off by default.
     *
     * @param enabled whether loading is allowed
     * @return a future completed once changed
     */
    CompletableFuture<Void> enableLoadExtension(boolean enabled);

    /**
     * Loads a SQLite extension with its default entry point: {@code load_extension}.
     *
     * @param path the shared library
     * @return a future completed once loaded; it fails with {@link ProgrammingException} while
     *     loading is off and with {@link OperationalException} ({@code SQLITE_CANTOPEN}) when the
     *     library cannot be loaded
     */
    CompletableFuture<Void> loadExtension(String path);

    /**
     * Loads a SQLite extension through a named entry point.
     *
     * @param path the shared library
     * @param entryPoint the initialization function
     * @return a future completed once loaded
     */
    CompletableFuture<Void> loadExtension(String path, String entryPoint);

    /**
     * The database as SQL text, a line at a time: {@code iterdump}. The lines are exactly those
     * Python's {@code sqlite3} writes ({@code BEGIN TRANSACTION;}, each table's schema and its
     * rows as {@code INSERT INTO "t" VALUES(...);}, then indexes, triggers and views, and
     * {@code COMMIT;}), read from the database a chunk of {@link ConnectOptions#iterChunkSize()}
     * lines per hop.
     *
     * @return a publisher of the lines, for one subscriber
     */
    Flow.Publisher<String> iterDump();

    /**
     * All lines of {@link #iterDump()}, read in one hop.
     *
     * @return a future of the lines
     */
    CompletableFuture<List<String>> dump();

    /**
     * Copies this database into another open connection with SQLite's online backup API:
     * {@code backup}. The target's {@code main} database is replaced. The sqlite-jdbc engine
     * copies through a temporary file: the progress callback reports the pages read from this
     * connection.
     *
     * @param target the connection to copy into; not this one
     * @param options pages per step, sleep, progress and the schema to copy
     * @return a future completed once the target holds the copy; it fails with a
     *     {@link SqliteException} carrying SQLite's message, such as {@code destination database
     *     is in use} while the target has a transaction open or a cursor with rows left, or
     *     {@code unknown database x} for a schema this connection does not have, and the target
     *     then keeps what it had
     */
    CompletableFuture<Void> backup(Connection target, BackupOptions options);

    /**
     * Copies this database into a file, replacing it.
     *
     * @param target the file
     * @param options pages per step, sleep, progress and the schema to copy
     * @return a future completed once the file holds the copy
     */
    CompletableFuture<Void> backup(Path target, BackupOptions options);

    /**
     * Copies this database's {@code main} schema into a file with default options.
     *
     * @param target the file
     * @return a future completed once the file holds the copy
     */
    default CompletableFuture<Void> backup(Path target) {
        return backup(target, BackupOptions.defaults());
    }

    /**
     * Replaces a schema of this database with the contents of a database file.
     *
     * @param source the file
     * @param options pages per step, sleep, progress and the schema to replace
     * @return a future completed once restored; it fails with a {@link SqliteException} carrying
     *     SQLite's message, such as {@code destination database is in use} while this connection
     *     has a transaction open or a cursor with rows left, and the schema then keeps what it had
     */
    CompletableFuture<Void> restore(Path source, BackupOptions options);

    /**
     * The database as bytes: {@code serialize}.
     *
     * @param schema {@code main}, {@code temp} or an attached schema
     * @return a future of the image
     */
    CompletableFuture<byte[]> serialize(String schema);

    /**
     * The {@code main} database as bytes.
     *
     * @return a future of the image
     */
    default CompletableFuture<byte[]> serialize() {
        return serialize("main");
    }

    /**
     * Replaces a schema with an in-memory copy of a serialized database: {@code deserialize}.
     *
     * @param schema the schema to replace
     * @param image a database image, such as one from {@link #serialize(String)}
     * @return a future completed once replaced
     */
    CompletableFuture<Void> deserialize(String schema, byte[] image);

    /**
     * Replaces the {@code main} database with an in-memory copy of a serialized one.
     *
     * @param image a database image
     * @return a future completed once replaced
     */
    default CompletableFuture<Void> deserialize(byte[] image) {
        return deserialize("main", image);
    }

    /**
     * A run-time limit: {@code getlimit}.
     *
     * @param limit the limit
     * @return a future of its value
     */
    CompletableFuture<Integer> getLimit(SqliteLimit limit);

    /**
     * Changes a run-time limit: {@code setlimit}. SQLite lowers values above its compile-time
     * maximum to that maximum.
     *
     * @param limit the limit
     * @param value zero or more
     * @return a future of the previous value
     * @throws IllegalArgumentException if {@code value} is negative
     */
    CompletableFuture<Integer> setLimit(SqliteLimit limit, int value);

    /**
     * Opens an incremental BLOB handle on one cell: {@code blobopen}. Only the native engine
     * offers it; with sqlite-jdbc the future fails with {@link NotSupportedException}.
     *
     * @param table the table, in the {@code main} schema
     * @param column the column
     * @param rowId the row's rowid
     * @param readOnly true to open for reading only
     * @return a future of the handle
     */
    CompletableFuture<Blob> blobOpen(String table, String column, long rowId, boolean readOnly);

    /**
     * Reads a {@code sqlite3_db_config} setting. Only the native engine can; with sqlite-jdbc the
     * future fails with {@link NotSupportedException}.
     *
     * @param setting the setting
     * @return a future of whether it is on
     */
    CompletableFuture<Boolean> getConfig(DbConfig setting);

    /**
     * Changes a {@code sqlite3_db_config} setting. Only the native engine can; with sqlite-jdbc
     * the future fails with {@link NotSupportedException}.
     *
     * @param setting the setting
     * @param enabled whether to turn it on
     * @return a future of whether it is on afterwards
     */
    CompletableFuture<Boolean> setConfig(DbConfig setting, boolean enabled);

    /**
     * The name of the engine behind this connection: {@code sqlite-jdbc} or {@code native}.
     *
     * @return the engine's name
     */
    String engineName();
}
