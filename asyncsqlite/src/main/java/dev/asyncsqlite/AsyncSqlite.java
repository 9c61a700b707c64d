package dev.asyncsqlite;

import dev.asyncsqlite.internal.session.Connections;
import dev.asyncsqlite.internal.session.PoolImpl;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: opens asynchronous SQLite connections.
 *
 * <pre>{@code
 * try (Connection db = AsyncSqlite.connect("app.db").join()) {
 *     db.execute("CREATE TABLE IF NOT EXISTS t(x)").join();
 *     db.executeInsert("INSERT INTO t VALUES (?)", 42).join();
 *     db.commit().join();
 * }
 * }</pre>
 */
public final class AsyncSqlite {
    private AsyncSqlite() {
    }

    /**
     * Opens a connection with default options.
     *
     * @param database a file path, {@code ":memory:"} or a {@code file:} URI
     * @return a future of the open connection; it fails with a {@link SqliteException} (usually
     *     an {@link OperationalException} with {@code SQLITE_CANTOPEN}) when the database cannot be
     *     opened, and then no thread is left behind
     */
    public static CompletableFuture<Connection> connect(String database) {
        return connect(ConnectOptions.of(database));
    }

    /**
     * Opens a connection to a database file with default options.
     *
     * @param database the file
     * @return a future of the open connection
     */
    public static CompletableFuture<Connection> connect(Path database) {
        return connect(ConnectOptions.builder(database).build());
    }

    /**
     * Opens a connection. The database is opened, and the pragmas set, on the connection's new
     * worker thread.
     *
     * @param options how to open it
     * @return a future of the open connection
     */
    public static CompletableFuture<Connection> connect(ConnectOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        return Connections.open(options);
    }

    /**
     * Opens a pool of one writer and several readers on a database file with default options.
     *
     * @param database a file path or a {@code file:} URI
     * @return a future of the open pool
     * @see Pool
     */
    public static CompletableFuture<Pool> pool(String database) {
        return pool(PoolOptions.builder(database).build());
    }

    /**
     * Opens a pool. Every connection is opened before the future completes; if any fails, the
     * others are closed and the future fails.
     *
     * @param options how to open it
     * @return a future of the open pool
     */
    public static CompletableFuture<Pool> pool(PoolOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        return PoolImpl.open(options);
    }
}
