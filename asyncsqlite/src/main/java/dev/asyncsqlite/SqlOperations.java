package dev.asyncsqlite;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The statement-running methods shared by a {@link Connection} and a {@link Transaction}.
 *
 * <p>Every method returns at once; the work runs on the connection's worker thread in the order
 * it was submitted. Parameters are converted before anything is queued, so a parameter of an
 * unsupported type fails the returned future with a {@link ParameterBindingException} naming the
 * type and the parameter's position, and nothing runs.
 *
 * <p>Supported parameter types: {@code null}, {@link Long}, {@link Integer}, {@link Short},
 * {@link Byte}, {@link Boolean} (1 or 0), {@link Double}, {@link Float}, {@link String},
 * {@link Character}, {@code byte[]}, {@link java.math.BigDecimal} and
 * {@link java.math.BigInteger} (as an integer when exact and in range, otherwise as text),
 * {@link java.util.UUID} (text), enums (their name), and the ISO-8601 text of
 * {@link java.time.LocalDate}, {@link java.time.LocalTime}, {@link java.time.LocalDateTime}
 * ({@code 2024-05-01 13:45:00}, the form SQLite's date functions read), {@link java.time.Instant}
 * and {@link java.time.OffsetDateTime}. {@link ConnectOptions.Builder#adapter} adds or replaces
 * adapters.
 *
 * <p>Failures complete the future with a {@link SqliteException} subtype; {@code join()} wraps it
 * in a {@link java.util.concurrent.CompletionException}, {@code get()} in an
 * {@link java.util.concurrent.ExecutionException}, as usual.
 *
 * <p>Cancelling a returned future with {@code cancel(true)}, or letting {@code orTimeout} expire
 * it, removes the operation if it is still queued; if it is running, SQLite is interrupted and
 * the statement's changes are undone. The connection stays usable either way.
 */
public interface SqlOperations {

    /**
     * Runs one SQL statement with positional parameters ({@code ?}, {@code ?NNN}) and returns a
     * cursor over its result.
     *
     * <p>The first rows (up to {@link ConnectOptions#iterChunkSize()}) are read in the same hop,
     * so small results need no further trip to the worker. Under the default isolation level an
     * {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code REPLACE} first opens a transaction
     * when none is open.
     *
     * @param sql exactly one SQL statement (a trailing {@code ;} and comments are fine)
     * @param params the parameter values, one per parameter of the statement
     * @return a future of a new cursor positioned before the first row
     */
    CompletableFuture<Cursor> execute(String sql, Object... params);

    /**
     * Runs one SQL statement with named parameters ({@code :name}, {@code @name},
     * {@code $name}); keys are given without the prefix character.
     *
     * @param sql exactly one SQL statement
     * @param params a value for every named parameter of the statement; extra keys are ignored
     * @return a future of a new cursor positioned before the first row
     */
    CompletableFuture<Cursor> execute(String sql, Map<String, ?> params);

    /**
     * Runs one data-changing statement once for each parameter set, in one tight loop on the
     * worker: {@code executemany}.
     *
     * <p>Each element of {@code paramSets} is an {@code Object[]}, a {@link List} (positional) or
     * a {@link Map} (named). The whole call is atomic: it runs inside a savepoint, so when any set
     * fails (a constraint, a bad parameter) none of its changes remain and the error names the
     * failing set's position. The resulting cursor's {@link Cursor#rowCount()} is the sum of the
     * changes. Statements that return rows are rejected with a {@link ProgrammingException}.
     *
     * @param sql exactly one SQL statement
     * @param paramSets the parameter sets, read on the worker thread in iteration order
     * @return a future of a cursor with the total row count
     */
    CompletableFuture<Cursor> executeMany(String sql, Iterable<?> paramSets);

    /**
     * Runs one statement and reads all of its rows in a single hop: {@code execute_fetchall}.
     *
     * @param sql exactly one SQL statement
     * @param params the positional parameter values
     * @return a future of all rows, in order
     */
    CompletableFuture<List<Row>> executeFetchAll(String sql, Object... params);

    /**
     * Runs one statement in a single hop and returns {@code sqlite3_last_insert_rowid()}
     * afterwards: {@code execute_insert}.
     *
     * @param sql exactly one SQL statement, usually an {@code INSERT}
     * @param params the positional parameter values
     * @return a future of the last inserted row id of the connection
     */
    CompletableFuture<Long> executeInsert(String sql, Object... params);

    /**
     * Runs one statement in a single hop and maps every row.
     *
     * @param sql exactly one SQL statement
     * @param mapper maps each row; runs on the worker thread
     * @param params the positional parameter values
     * @param <T> the mapped type
     * @return a future of the mapped rows, in order
     */
    <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs a piece of synchronous work on the worker thread with direct access to the
     * connection: one hop for any number of statements.
     *
     * <p>The work runs on the worker thread and must not block on anything but the given
     * {@link SyncConnection}; in particular it must not wait for another future of this
     * connection (that would deadlock, so such a wait throws {@link IllegalStateException}).
     *
     * @param work the work
     * @param <T> the result type
     * @return a future of what the work returned, or of the exception it threw
     */
    <T> CompletableFuture<T> call(SyncWork<T> work);
}
