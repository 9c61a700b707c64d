package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.AsyncSqlite;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.PoolOptions;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * An R2DBC {@link ConnectionFactory} over an asyncsqlite {@link Pool}: one writer connection and
 * several readers, opened when the first connection is created and shared by every R2DBC
 * connection of this factory.
 *
 * <p>An R2DBC connection holds no SQLite connection of its own while it is in auto-commit mode:
 * each query runs on a free reader and every other statement on the writer, so reads go on while
 * a write commits. A transaction holds the writer (or, when read-only, a reader) from
 * {@code beginTransaction} until it commits or rolls back. Closing the factory closes the pool;
 * a factory made over a pool the caller opened leaves that pool open.
 *
 * <p>{@code ConnectionFactories.get} returns this type for {@code r2dbc:sqlite:} and
 * {@code r2dbc:dqlite:} URLs; {@link #of(String)} returns it without a cast:
 * {@code try (SqliteConnectionFactory factory = SqliteConnectionFactory.of(url)) { ... }}.
 */
public final class SqliteConnectionFactory implements ConnectionFactory, AutoCloseable {
    private static final ConnectionFactoryMetadata METADATA = () -> "SQLite";

    private final PoolOptions options;
    private final Duration statementTimeout;
    private final boolean ownsPool;
    private final AtomicReference<CompletableFuture<Pool>> pool = new AtomicReference<>();
    private volatile String version;

    /**
     * A factory that opens a pool with these options when the first connection is created.
     *
     * @param options the pool's options
     */
    public SqliteConnectionFactory(PoolOptions options) {
        this(options, null);
    }

    /**
     * The factory an {@code r2dbc:sqlite:} URL (any form {@link SqliteConnectionFactoryProvider#parseUrl}
     * reads, with its options) or an {@code r2dbc:dqlite:} URL describes; the same as
     * {@code ConnectionFactories.get(url)}, typed so that it can be closed.
     *
     * @param url the URL
     * @return the factory; it opens its pool when the first connection is created
     * @throws IllegalArgumentException if the URL is not one of this driver's, or an option is wrong
     */
    public static SqliteConnectionFactory of(String url) {
        Objects.requireNonNull(url, "url must not be null");
        if (url.startsWith("r2dbc:" + DqliteConnectionFactoryProvider.DRIVER + ":")) {
            return new DqliteConnectionFactoryProvider().create(io.r2dbc.spi.ConnectionFactoryOptions.parse(url));
        }
        return new SqliteConnectionFactoryProvider().create(SqliteConnectionFactoryProvider.parseUrl(url));
    }

    SqliteConnectionFactory(PoolOptions options, Duration statementTimeout) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.statementTimeout = statementTimeout;
        this.ownsPool = true;
    }

    /**
     * A factory over a pool the caller opened and closes.
     *
     * @param pool the pool
     */
    public SqliteConnectionFactory(Pool pool) {
        Objects.requireNonNull(pool, "pool must not be null");
        this.options = pool.options();
        this.statementTimeout = null;
        this.ownsPool = false;
        this.pool.set(CompletableFuture.completedFuture(pool));
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> Mono.fromFuture(pool().thenCompose(this::withVersion), true))
                .onErrorMap(Errors::translate)
                .map(p -> new SqliteConnection(p, version, options.connectOptions().iterChunkSize(), statementTimeout));
    }

    // The SQLite version, read once, for the connections' metadata.
    private CompletableFuture<Pool> withVersion(Pool p) {
        if (version != null) {
            return CompletableFuture.completedFuture(p);
        }
        return p.executeFetchAll("SELECT sqlite_version()").thenApply(rows -> {
            version = rows.get(0).getString(0);
            return p;
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return METADATA;
    }

    /**
     * The pool underneath, opened if it was not: for what R2DBC has no words for (user
     * functions, collations, hooks, backups), through {@link Pool#forEachConnection}.
     *
     * @return a future of the pool
     */
    public CompletableFuture<Pool> pool() {
        CompletableFuture<Pool> current = pool.get();
        if (current != null) {
            return current;
        }
        CompletableFuture<Pool> opening = new CompletableFuture<>();
        if (!pool.compareAndSet(null, opening)) {
            return pool.get();
        }
        AsyncSqlite.pool(options).whenComplete((p, error) -> {
            if (error != null) {
                pool.compareAndSet(opening, null);
                opening.completeExceptionally(error);
            } else {
                opening.complete(p);
            }
        });
        return opening;
    }

    /**
     * Closes the pool if this factory opened it; connections still open fail from then on.
     *
     * @return a publisher that completes when the pool has closed
     */
    public Mono<Void> closeAsync() {
        return Mono.defer(() -> {
            CompletableFuture<Pool> current = pool.get();
            if (current == null || !ownsPool) {
                return Mono.empty();
            }
            return Mono.fromFuture(current.thenCompose(Pool::closeAsync));
        });
    }

    /**
     * Closes the pool if this factory opened it, waiting for it to close, at most the
     * connections' {@link dev.asyncsqlite.ConnectOptions#closeTimeout() closeTimeout}.
     *
     * @throws IllegalStateException if the pool did not close within that time
     */
    @Override
    public void close() {
        Duration timeout = options.connectOptions().closeTimeout();
        closeAsync().timeout(timeout, Mono.error(() -> new IllegalStateException("the pool of " + this
                + " did not close within " + timeout))).block();
    }

    @Override
    public String toString() {
        return "SqliteConnectionFactory{" + options.connectOptions().database() + "}";
    }
}
