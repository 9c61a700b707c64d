package dev.asyncsqlite.internal.engine;

import java.util.Set;

/**
 * The tables compiling a statement reads and writes, as SQLite's authorizer reported them.
 *
 * @param reads the tables read ({@code SQLITE_READ}), also those read through views
 * @param writes the tables written ({@code SQLITE_INSERT}, {@code SQLITE_UPDATE},
 *     {@code SQLITE_DELETE}), also those written by triggers
 */
public record TableUse(Set<Table> reads, Set<Table> writes) {
    /**
     * A table as the authorizer names it.
     *
     * @param schema the schema: {@code main}, {@code temp} or an attached name; {@code null}
     *     where the authorizer names none (for {@code count(*)})
     * @param name the table's name
     */
    public record Table(String schema, String name) {
    }
}
