package dev.asyncsqlite;

import java.util.List;

/**
 * One immutable result row.
 *
 * <p>Values keep SQLite's storage classes: {@code INTEGER} is a {@link Long}, {@code REAL} a
 * {@link Double}, {@code TEXT} a {@link String} (bytes that are not UTF-8 read as U+FFFD; see
 * {@link ConnectOptions#textAsBytes()}), {@code BLOB} a {@code byte[]} and {@code NULL} is
 * {@code null}. Columns are found by zero-based position or by name, ignoring case as SQLite
 * does, for the ASCII letters only ({@code ÿ} and {@code Ÿ} are two names), and the first column
 * of that name wins, as in {@code sqlite3.Row}.
 *
 * <p>Two rows are equal when they have the same column names in the same order and equal values
 * ({@code byte[]} compared by content). Rows are safe to share between threads.
 */
public interface Row {

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
     * The value at a position.
     *
     * @param index zero-based column index
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     */
    Object get(int index);

    /**
     * The value of a named column.
     *
     * @param column the column name, ignoring ASCII case
     * @return the value, or {@code null} for SQL {@code NULL}
     * @throws IllegalArgumentException if the row has no such column
     */
    Object get(String column);

    /**
     * The value of a named column converted to a type.
     *
     * <p>Conversions: any numeric value to {@link Long}, {@link Integer}, {@link Short},
     * {@link Byte}, {@link Double}, {@link Float}, {@link java.math.BigDecimal} (integers must fit
     * the target); {@code INTEGER} to {@link Boolean} (zero is false); any value to
     * {@link String}; {@code TEXT} to {@code byte[]} (UTF-8) and to {@link java.util.UUID},
     * {@link java.time.LocalDate}, {@link java.time.LocalDateTime}, {@link java.time.LocalTime},
     * {@link java.time.Instant} and {@link java.time.OffsetDateTime} when it holds a time value as
     * SQLite's date functions read it ({@code 2024-05-01}, {@code 2024-05-01 13:45:00.5},
     * {@code 2024-05-01T13:45:00+02:00}; what the parameter adapters write, and what
     * {@code CURRENT_TIMESTAMP} writes), where a value without a zone is UTC, as those functions
     * define it; a 16-byte {@code BLOB} to {@link java.util.UUID}; {@code INTEGER} to
     * {@link java.time.Instant} (Unix seconds). {@code NULL} is {@code null} for every type.
     *
     * @param column the column name, ignoring ASCII case
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the converted value, or {@code null} for SQL {@code NULL}
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value cannot be converted, naming the column, the value's
     *     type and the wanted type
     */
    <T> T get(String column, Class<T> type);

    /**
     * The value at a position converted to a type, as {@link #get(String, Class)} does.
     *
     * @param index zero-based column index
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the converted value, or {@code null} for SQL {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws ClassCastException if the value cannot be converted
     */
    <T> T get(int index, Class<T> type);

    /**
     * The value as a {@code long}, with SQL {@code NULL} read as 0, as JDBC does.
     *
     * @param column the column name, ignoring ASCII case
     * @return the value
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value is not numeric
     */
    default long getLong(String column) {
        Long value = get(column, Long.class);
        return value == null ? 0L : value;
    }

    /**
     * The value as a {@code long}, with SQL {@code NULL} read as 0.
     *
     * @param index zero-based column index
     * @return the value
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws ClassCastException if the value is not numeric
     */
    default long getLong(int index) {
        Long value = get(index, Long.class);
        return value == null ? 0L : value;
    }

    /**
     * The value as an {@code int}, with SQL {@code NULL} read as 0.
     *
     * @param column the column name, ignoring ASCII case
     * @return the value
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value is not numeric or does not fit an {@code int}
     */
    default int getInt(String column) {
        Integer value = get(column, Integer.class);
        return value == null ? 0 : value;
    }

    /**
     * The value as an {@code int}, with SQL {@code NULL} read as 0.
     *
     * @param index zero-based column index
     * @return the value
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws ClassCastException if the value is not numeric or does not fit an {@code int}
     */
    default int getInt(int index) {
        Integer value = get(index, Integer.class);
        return value == null ? 0 : value;
    }

    /**
     * The value as a {@code double}, with SQL {@code NULL} read as 0.
     *
     * @param column the column name, ignoring ASCII case
     * @return the value
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value is not numeric
     */
    default double getDouble(String column) {
        Double value = get(column, Double.class);
        return value == null ? 0.0 : value;
    }

    /**
     * The value as a {@code double}, with SQL {@code NULL} read as 0.
     *
     * @param index zero-based column index
     * @return the value
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws ClassCastException if the value is not numeric
     */
    default double getDouble(int index) {
        Double value = get(index, Double.class);
        return value == null ? 0.0 : value;
    }

    /**
     * The value as text: {@code TEXT} as it is, numbers in their usual decimal form, a
     * {@code BLOB} decoded as UTF-8.
     *
     * @param column the column name, ignoring ASCII case
     * @return the text, or {@code null} for SQL {@code NULL}
     * @throws IllegalArgumentException if there is no such column
     */
    default String getString(String column) {
        return get(column, String.class);
    }

    /**
     * The value as text, as {@link #getString(String)} does.
     *
     * @param index zero-based column index
     * @return the text, or {@code null} for SQL {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     */
    default String getString(int index) {
        return get(index, String.class);
    }

    /**
     * The value as bytes: a {@code BLOB} as it is (a copy), {@code TEXT} as UTF-8.
     *
     * @param column the column name, ignoring ASCII case
     * @return the bytes, or {@code null} for SQL {@code NULL}
     * @throws IllegalArgumentException if there is no such column
     * @throws ClassCastException if the value is a number
     */
    default byte[] getBytes(String column) {
        return get(column, byte[].class);
    }

    /**
     * The value as bytes, as {@link #getBytes(String)} does.
     *
     * @param index zero-based column index
     * @return the bytes, or {@code null} for SQL {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     * @throws ClassCastException if the value is a number
     */
    default byte[] getBytes(int index) {
        return get(index, byte[].class);
    }

    /**
     * Whether the value is SQL {@code NULL}.
     *
     * @param index zero-based column index
     * @return true for {@code NULL}
     * @throws IndexOutOfBoundsException if there is no such column
     */
    default boolean isNull(int index) {
        return get(index) == null;
    }

    /**
     * A copy of the values, in column order ({@code byte[]} values are copied too).
     *
     * @return a new array
     */
    Object[] toArray();
}
