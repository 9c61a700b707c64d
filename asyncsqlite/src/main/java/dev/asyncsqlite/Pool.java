package dev.asyncsqlite;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A WAL-mode pool of one writer and several reader connections to one database file, so that
 * reads scale with cores and writers never see "database is locked" from inside the process.
 *
 * <p>Routing: a statement provably read-only (a {@code SELECT} or {@code VALUES}, possibly after
 * {@code WITH}) runs on an idle reader, or waits for the first reader to become free; everything
 * else, every {@link #transaction}, every {@link #call} and every statement whose read-only
 * status cannot be proven runs on the writer, in submission order. Readers are opened with
 * {@code PRAGMA query_only = ON}, so a reader never takes a write lock. Statements run in
 * autocommit mode: group writes that belong together in {@link #transaction}, which begins with
 * {@code BEGIN IMMEDIATE} so two writers never deadlock on a lock upgrade.
 *
 * <p>An in-memory database ({@code :memory:} or {@code mode=memory}) gets a single connection
 * that serves both roles.
 *
 * <p>{@link #watch Watched queries} run on the readers, as other reads do, and see every commit
 * of the writer the moment it is made; commits of other processes are found by reading
 * {@code PRAGMA data_version} on the writer (see {@link LiveQueries}).
 *
 * <p>Waits are bounded: a read that finds no reader free within
 * {@link PoolOptions#acquireTimeout()}, or a read or write that finds its queue full, fails with
 * {@link BusyException} naming the limit. After {@link #closeAsync()} new work fails at once with
 * {@link ConnectionClosedException}.
 */
public interface Pool extends SqlOperations, LiveQueries, AutoCloseable {

    /**
     * Runs {@code body} in a transaction on the writer ({@code BEGIN IMMEDIATE} ... {@code COMMIT},
     * {@code ROLLBACK} on failure), with the writer to itself while it runs.
     *
     * @param body builds the transaction's work from the handle
     * @param <T> the result type
     * @return a future of the body's result, completed after {@code COMMIT}
     * @see Connection#transaction(Function)
     */
    <T> CompletableFuture<T> transaction(Function<Transaction, ? extends CompletionStage<T>> body);

    /**
     * Runs {@code work} on a reader that it has to itself until the returned stage completes:
     * several reads that must see one snapshot can run inside {@code BEGIN} ... {@code COMMIT}.
     * The connection is read-only ({@code query_only}); do not close it.
     *
     * @param work the work, given the reader
     * @param <T> the result type
     * @return a future of the work's result
     */
    <T> CompletableFuture<T> read(Function<Connection, ? extends CompletionStage<T>> work);

    /**
     * Runs {@code work} on the writer. Other writes may interleave with its statements; use
     * {@link #transaction} for atomic work. Do not close the connection.
     *
     * @param work the work, given the writer
     * @param <T> the result type
     * @return a future of the work's result
     */
    <T> CompletableFuture<T> write(Function<Connection, ? extends CompletionStage<T>> work);

    /**
     * Applies a set-up step to every connection of the pool now, and to every connection it opens
     * later (a reader replaced after it died): the place for functions, collations and hooks.
     *
     * @param setup the step, given each connection
     * @return a future completed once every current connection ran it
     * @throws RuntimeException what {@code setup} itself throws (rather than returning a stage), such
     *     as an {@link IllegalArgumentException} for a bad argument; the step is then not kept
     */
    CompletableFuture<Void> forEachConnection(Function<Connection, ? extends CompletionStage<?>> setup);

    /**
     * Creates a scalar function on every connection, now and later.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any
     * @param function computes the value
     * @param deterministic whether it is deterministic
     * @return a future completed once every connection has it
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    default CompletableFuture<Void> createFunction(String name, int nArgs, SqlFunction function, boolean deterministic) {
        return forEachConnection(c -> c.createFunction(name, nArgs, function, deterministic));
    }

    /**
     * Creates an aggregate function on every connection, now and later.
     *
     * @param name the function name
     * @param nArgs the number of arguments, or -1 for any
     * @param factory makes one state per group
     * @return a future completed once every connection has it
     * @throws IllegalArgumentException if {@code nArgs} is not -1 to 127 or {@code name} does not
     *     have 1 to 255 characters
     */
    default CompletableFuture<Void> createAggregate(String name, int nArgs, Supplier<? extends Aggregate> factory) {
        return forEachConnection(c -> c.createAggregate(name, nArgs, factory));
    }

    /**
     * Creates a collation on every connection, now and later.
     *
     * @param name the collation name
     * @param comparator the order
     * @return a future completed once every connection has it
     */
    default CompletableFuture<Void> createCollation(String name, Comparator<String> comparator) {
        return forEachConnection(c -> c.createCollation(name, comparator));
    }

    /**
     * A snapshot of the pool's counters.
     *
     * @return the statistics
     */
    PoolStats stats();

    /**
     * The options the pool was opened with.
     *
     * @return the options
     */
    PoolOptions options();

    /**
     * Closes the pool: reads still waiting for a reader fail with
     * {@link ConnectionClosedException}; work already handed to a connection completes; then
     * every connection closes. New work fails at once. Idempotent.
     *
     * @return a future completed once every connection is closed
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Closes the pool as {@link #closeAsync()} does and waits, at most the connections'
     * {@link ConnectOptions#closeTimeout()}.
     */
    @Override
    void close();

    /**
     * Whether closing has begun.
     *
     * @return true once closed
     */
    boolean isClosed();
}
