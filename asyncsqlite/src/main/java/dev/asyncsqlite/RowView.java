package dev.asyncsqlite;

import java.util.List;

/**
 * The row a statement is on, read in place: each getter reads one column of it straight from
 * SQLite ({@code sqlite3_column_*}) and nothing is kept, so a scan makes no object per row beyond
 * the strings and arrays it asks for. Handed out by {@link SyncConnection#scan}.
 *
 * <p>The getters convert as SQLite's own {@code sqlite3_column_*} functions do, like a JDBC
 * {@code ResultSet}, and unlike {@link Row}, which refuses a value of the wrong kind:
 * {@link #getLong} of a {@code REAL} truncates it toward zero, of a {@code TEXT} reads its leading
 * integer (0 if there is none), and of {@code NULL} is 0; {@link #getDouble} reads the leading
 * number of a text; {@link #getString} renders a number as SQLite's {@code CAST(x AS TEXT)} does (on the dqlite
 * engine, whose rows arrive decoded, a {@code REAL}'s digits may differ from a local SQLite's,
 * which vary by version themselves; its value does not).
 * Use {@link #isNull} to tell {@code NULL} from 0.
 *
 * <p>A view is valid only inside the callback it was handed to, on that thread: afterwards, or
 * from another thread, every getter throws {@link IllegalStateException}. {@link #toRow()} copies
 * the row out when it is to be kept.
 */
public interface RowView {

    /**
     * The number of columns.
     *
     * @return the column count
     */
    int size();

    /**
     * The column names, in order.
     *
     * @return an unmodifiable list of names
     */
    List<String> columns();

    /**
     * The position of a named column, to read it by index in a loop.
     *
     * @param column the column name, ignoring ASCII case (the first of that name wins)
     * @return its zero-based index
     * @throws IllegalArgumentException if there is no such column
     */
    int indexOf(String column);

    /**
     * Whether the value is SQL {@code NULL} ({@code sqlite3_column_type}).
     *
     * @param index zero-based column index
     * @return true for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws IllegalStateException outside the callback or its thread
     */
    boolean isNull(int index);

    /**
     * The value as a {@code long} ({@code sqlite3_column_int64}).
     *
     * @param index zero-based column index
     * @return the value, converted as SQLite converts; 0 for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws IllegalStateException outside the callback or its thread
     */
    long getLong(int index);

    /**
     * The value as a {@code double} ({@code sqlite3_column_double}).
     *
     * @param index zero-based column index
     * @return the value, converted as SQLite converts; 0.0 for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws IllegalStateException outside the callback or its thread
     */
    double getDouble(int index);

    /**
     * The value as text ({@code sqlite3_column_text}).
     *
     * @param index zero-based column index
     * @return the text, or {@code null} for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws IllegalStateException outside the callback or its thread
     */
    String getString(int index);

    /**
     * The value as bytes ({@code sqlite3_column_blob}): a {@code BLOB} as stored, anything else
     * as its UTF-8 text.
     *
     * @param index zero-based column index
     * @return a new array, or {@code null} for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws IllegalStateException outside the callback or its thread
     */
    byte[] getBytes(int index);

    /**
     * Copies the row out, with its values in their storage classes, to keep after the callback.
     *
     * @return an immutable row
     * @throws IllegalStateException outside the callback or its thread
     */
    Row toRow();
}
