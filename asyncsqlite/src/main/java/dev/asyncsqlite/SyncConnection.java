package dev.asyncsqlite;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A synchronous view of a connection, handed to {@link SyncWork} and valid only on the worker
 * thread while that work runs. Its methods follow the same rules as the asynchronous ones
 * (implicit transactions, parameter adapters, error types) without a hop per call.
 *
 * <p>Using the view after the work returned throws {@link IllegalStateException}.
 */
public interface SyncConnection {

    /**
     * Runs one statement and returns {@code sqlite3_changes()}: the rows it inserted, updated or
     * deleted (0 for other statements).
     *
     * @param sql exactly one SQL statement
     * @param params positional parameter values
     * @return the number of rows changed
     */
    long update(String sql, Object... params);

    /**
     * Runs one statement and returns {@code sqlite3_last_insert_rowid()} afterwards.
     *
     * @param sql exactly one SQL statement, usually an {@code INSERT}
     * @param params positional parameter values
     * @return the last inserted row id
     */
    long insert(String sql, Object... params);

    /**
     * Runs one statement and reads all of its rows.
     *
     * @param sql exactly one SQL statement
     * @param params positional parameter values
     * @return the rows
     */
    List<Row> query(String sql, Object... params);

    /**
     * Runs one statement and maps all of its rows.
     *
     * @param sql exactly one SQL statement
     * @param mapper maps each row
     * @param params positional parameter values
     * @param <T> the mapped type
     * @return the mapped rows
     */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params);

    /**
     * Runs one statement and reads its first row, if any.
     *
     * @param sql exactly one SQL statement
     * @param params positional parameter values
     * @return the first row, or empty
     */
    Optional<Row> queryOne(String sql, Object... params);

    /**
     * Runs one statement and hands each row to {@code action} as it is read, without holding all
     * rows in memory.
     *
     * @param sql exactly one SQL statement
     * @param action receives each row
     * @param params positional parameter values
     */
    void forEach(String sql, Consumer<Row> action, Object... params);

    /**
     * Runs one statement and hands each row to {@code action} as a {@link RowView} that reads
     * the columns in place: no {@link Row} and no boxed value is made, only the strings and arrays
     * {@code action} asks for. The fastest way to read many rows; the view is valid only inside
     * {@code action}. An exception from {@code action} stops the scan, releases the statement and
     * is thrown from here.
     *
     * @param sql exactly one SQL statement
     * @param action receives the view once per row
     * @param params positional parameter values
     */
    void scan(String sql, Consumer<? super RowView> action, Object... params);

    /**
     * Runs one statement once per parameter set, atomically, as
     * {@link SqlOperations#executeMany(String, Iterable)} does.
     *
     * @param sql exactly one SQL statement
     * @param paramSets the parameter sets
     * @return the total number of rows changed
     */
    long executeMany(String sql, Iterable<?> paramSets);

    /**
     * Runs a script, committing a pending transaction first.
     *
     * @param script the SQL statements
     */
    void executeScript(String script);

    /**
     * Whether a transaction is open.
     *
     * @return true inside a transaction
     */
    boolean inTransaction();

    /**
     * Commits the open transaction, if any.
     */
    void commit();

    /**
     * Rolls back the open transaction, if any.
     */
    void rollback();

    /**
     * {@code sqlite3_total_changes64()}.
     *
     * @return the rows changed since the connection opened
     */
    long totalChanges();
}
