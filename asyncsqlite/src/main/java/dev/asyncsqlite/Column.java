package dev.asyncsqlite;

import java.util.Objects;

/**
 * One column of a result, as {@code cursor.description} describes it in Python's {@code sqlite3}.
 *
 * @param name the column's name as SQLite reports it ({@code sqlite3_column_name}); never {@code null}
 * @param declaredType the declared type of the table column the result column comes from
 *     ({@code sqlite3_column_decltype}), or {@code null} for an expression
 */
public record Column(String name, String declaredType) {
    /**
     * Creates a column description.
     *
     * @param name the column's name
     * @param declaredType the declared type, or {@code null}
     */
    public Column {
        Objects.requireNonNull(name, "name must not be null");
    }
}
