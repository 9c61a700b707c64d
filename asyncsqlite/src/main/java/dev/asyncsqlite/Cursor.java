package dev.asyncsqlite;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A cursor over the result of one statement: the {@code aiosqlite.Cursor} of Java.
 *
 * <p>Fetches that the cursor can answer from rows it already holds complete at once on the
 * calling thread; others take one hop to the worker, which reads up to
 * {@link ConnectOptions#iterChunkSize()} rows at a time. Operations on one cursor run in the
 * order they were called. The state getters ({@link #rowCount()}, {@link #lastRowId()},
 * {@link #description()}) read what the last completed {@code execute} left and never block.
 *
 * <p>A cursor holds its statement open (and with it a read snapshot) until its rows are
 * exhausted, it runs another statement, or it is closed. After {@link #close()} or after its
 * connection closed, every operation fails at once with a {@link ConnectionClosedException} or an
 * {@link IllegalStateException}.
 */
public interface Cursor extends AutoCloseable {

    /**
     * Runs one statement on this cursor, replacing its previous result.
     *
     * @param sql exactly one SQL statement
     * @param params positional parameter values
     * @return a future of this cursor
     * @see SqlOperations#execute(String, Object...)
     */
    CompletableFuture<Cursor> execute(String sql, Object... params);

    /**
     * Runs one statement with named parameters on this cursor.
     *
     * @param sql exactly one SQL statement
     * @param params named parameter values
     * @return a future of this cursor
     * @see SqlOperations#execute(String, Map)
     */
    CompletableFuture<Cursor> execute(String sql, Map<String, ?> params);

    /**
     * Runs one data-changing statement once per parameter set on this cursor.
     *
     * @param sql exactly one SQL statement
     * @param paramSets the parameter sets
     * @return a future of this cursor
     * @see SqlOperations#executeMany(String, Iterable)
     */
    CompletableFuture<Cursor> executeMany(String sql, Iterable<?> paramSets);

    /**
     * Runs a script on this cursor's connection, committing a pending transaction first.
     *
     * @param script the SQL statements
     * @return a future of this cursor
     * @see Connection#executeScript(String)
     */
    CompletableFuture<Cursor> executeScript(String script);

    /**
     * Reads the next row.
     *
     * @return a future of the row, or of an empty optional when there are no more rows
     */
    CompletableFuture<Optional<Row>> fetchOne();

    /**
     * Reads up to {@code size} further rows.
     *
     * @param size the most rows to read; at least 1
     * @return a future of the rows, fewer than {@code size} only when the result is exhausted
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    CompletableFuture<List<Row>> fetchMany(int size);

    /**
     * Reads up to {@link #arraySize()} further rows.
     *
     * @return a future of the rows
     */
    CompletableFuture<List<Row>> fetchMany();

    /**
     * Reads every remaining row in one hop.
     *
     * @return a future of the rows
     */
    CompletableFuture<List<Row>> fetchAll();

    /**
     * The remaining rows as a Reactive Streams publisher: {@code async for row in cursor}.
     *
     * <p>The publisher reads up to {@link ConnectOptions#iterChunkSize()} rows per hop, and never
     * more than the subscriber has requested and not yet received, so no row is read ahead of
     * demand. It signals subscribers on the worker thread (or the completion executor).
     * Cancelling the subscription interrupts a read in progress, stops reading and releases the
     * statement. A cursor's rows can be consumed by one subscriber; a second one receives
     * {@link IllegalStateException} through {@code onError}.
     *
     * @return the publisher
     */
    Flow.Publisher<Row> rows();

    /**
     * The remaining rows as a Reactive Streams publisher reading at most {@code rowsPerHop} rows
     * per hop to the worker; otherwise as {@link #rows()}.
     *
     * @param rowsPerHop the most rows one read fetches, at least 1
     * @return the publisher
     * @throws IllegalArgumentException if {@code rowsPerHop} is less than 1
     */
    Flow.Publisher<Row> rows(int rowsPerHop);

    /**
     * The rows changed by the last {@code execute} of an {@code INSERT}, {@code UPDATE},
     * {@code DELETE} or {@code REPLACE}, the total for {@code executeMany}, and -1 otherwise, as
     * {@code cursor.rowcount} in {@code sqlite3}.
     *
     * @return the row count, or -1
     */
    long rowCount();

    /**
     * {@code sqlite3_last_insert_rowid()} as it was after the last {@link #execute} on this
     * cursor, as {@code cursor.lastrowid}: the row id of the connection's last successful
     * {@code INSERT} or {@code REPLACE} whatever that statement was (0 when nothing was inserted
     * since the connection opened). {@link #executeMany} and {@link #executeScript} leave it as
     * it was, as in {@code sqlite3}.
     *
     * @return the row id, or empty before the first {@code execute}
     */
    OptionalLong lastRowId();

    /**
     * The columns of the last statement's result: {@code cursor.description}.
     *
     * @return the columns, empty when the statement returns no columns
     */
    List<Column> description();

    /**
     * How many rows {@link #fetchMany()} reads. Defaults to 1, as in {@code sqlite3}.
     *
     * @return the array size
     */
    int arraySize();

    /**
     * Sets how many rows {@link #fetchMany()} reads.
     *
     * @param size at least 1
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    void setArraySize(int size);

    /**
     * How many rows an {@code execute} reads in the same hop that runs the statement: by default
     * {@link ConnectOptions#iterChunkSize()}, so that a small result costs one hop. Zero reads
     * none ahead; SQLite still steps to the first row to run the statement, and the rest are read
     * when fetched or requested.
     *
     * @return the rows read with {@code execute}
     */
    int prefetch();

    /**
     * Sets the rows the next {@code execute} reads in the hop that runs the statement.
     *
     * @param rows zero or more
     * @throws IllegalArgumentException if {@code rows} is negative
     */
    void setPrefetch(int rows);

    /**
     * The connection this cursor belongs to.
     *
     * @return the connection
     */
    Connection connection();

    /**
     * Closes the cursor, releasing its statement on the worker. Idempotent.
     *
     * @return a future completed once released
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Closes the cursor without waiting: the statement is released on the worker in queue order.
     * Further operations on the cursor fail at once.
     */
    @Override
    void close();
}
