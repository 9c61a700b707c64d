package dev.asyncsqlite.internal.engine;

/**
 * A prepared statement ({@code sqlite3_stmt*}), confined to its connection's worker thread.
 * Column indexes are zero-based. Every method throws {@link dev.asyncsqlite.SqliteException} on
 * failure; a statement whose handle the engine had to discard reports {@link #isClosed()}.
 */
public interface NativeStatement {

    /** {@code SQLITE_INTEGER}. */
    int INTEGER = 1;
    /** {@code SQLITE_FLOAT}. */
    int FLOAT = 2;
    /** {@code SQLITE_TEXT}. */
    int TEXT = 3;
    /** {@code SQLITE_BLOB}. */
    int BLOB = 4;
    /** {@code SQLITE_NULL}. */
    int NULL = 5;

    /**
     * The SQL the statement was prepared from.
     *
     * @return the SQL
     */
    String sql();

    /**
     * {@code sqlite3_column_count}.
     *
     * @return the number of result columns
     */
    int columnCount();

    /**
     * {@code sqlite3_column_name}.
     *
     * @param column the column
     * @return its name
     */
    String columnName(int column);

    /**
     * {@code sqlite3_column_decltype}.
     *
     * @param column the column
     * @return the declared type, or {@code null}
     */
    String columnDeclType(int column);

    /**
     * Binds every parameter and takes the first step: {@code sqlite3_bind_*} for each value,
     * then {@code sqlite3_step}. The statement must be reset.
     *
     * @param values one value per parameter, each {@code null}, {@link Long}, {@link Double},
     *     {@link String} or {@code byte[]}
     * @return true if a row is ready, false when done
     */
    boolean bindAndStep(Object[] values);

    /**
     * {@code sqlite3_step}.
     *
     * @return true if a row is ready, false when done
     */
    boolean step();

    /**
     * Reads the current row's values into {@code into}: {@link Long}, {@link Double},
     * {@link String} (or UTF-8 {@code byte[]} when {@code textAsBytes}), {@code byte[]} or
     * {@code null}.
     *
     * @param into an array of exactly {@link #columnCount()} elements
     * @param textAsBytes read TEXT as bytes
     */
    void readRow(Object[] into, boolean textAsBytes);

    /**
     * {@code sqlite3_column_type} of the current row.
     *
     * @param column the column
     * @return {@link #INTEGER}, {@link #FLOAT}, {@link #TEXT}, {@link #BLOB} or {@link #NULL}
     */
    int columnType(int column);

    /**
     * {@code sqlite3_column_int64} of the current row, with SQLite's conversions
     * ({@link SqliteValues#toLong}).
     *
     * @param column the column
     * @return the value; 0 for {@code NULL}
     */
    long columnLong(int column);

    /**
     * {@code sqlite3_column_double} of the current row, with SQLite's conversions
     * ({@link SqliteValues#toDouble}).
     *
     * @param column the column
     * @return the value; 0.0 for {@code NULL}
     */
    double columnDouble(int column);

    /**
     * {@code sqlite3_column_text} of the current row, with SQLite's conversions
     * ({@link SqliteValues#toText}).
     *
     * @param column the column
     * @return the text, or {@code null} for {@code NULL}
     */
    String columnText(int column);

    /**
     * {@code sqlite3_column_blob} of the current row, with SQLite's conversions
     * ({@link SqliteValues#toBlob}).
     *
     * @param column the column
     * @return a new array (empty for an empty value), or {@code null} for {@code NULL}
     */
    byte[] columnBlob(int column);

    /**
     * {@code sqlite3_reset}; any error of the last step is not reported again.
     */
    void reset();

    /**
     * {@code sqlite3_finalize}. Idempotent.
     */
    void close();

    /**
     * Whether the statement is finalized.
     *
     * @return true once closed
     */
    boolean isClosed();
}
