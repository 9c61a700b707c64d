package dev.asyncsqlite.internal.engine;

/**
 * What an engine opens.
 *
 * @param database a path, {@code ":memory:"} or a {@code file:} URI
 * @param uri whether {@code database} is a URI
 * @param readOnly open with {@code SQLITE_OPEN_READONLY}
 * @param busyTimeoutMillis {@code sqlite3_busy_timeout}
 * @param loadExtensions whether extension loading is enabled
 * @param library the SQLite library a native engine loads, or {@code null} for the system's
 */
public record OpenSpec(String database, boolean uri, boolean readOnly, int busyTimeoutMillis, boolean loadExtensions,
                       String library) {
}
