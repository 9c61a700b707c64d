package dev.asyncsqlite.r2dbc;

import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.SqlOperations;
import dev.asyncsqlite.Transaction;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An R2DBC connection over the factory's pool. In auto-commit mode it holds nothing: each query
 * runs on a reader, every other statement on the writer. {@code beginTransaction} takes the
 * writer ({@code BEGIN IMMEDIATE}), or a reader for a read-only transaction, and holds it until
 * commit or rollback; statements of the transaction run there, alone.
 *
 * <p>Threading: {@code transaction} and {@code closed} are guarded by {@code lock}; the rest is
 * immutable or thread-safe.
 */
final class SqliteConnection implements Connection {
    private final Pool pool;
    private final String version;
    private final int defaultRowsPerHop;
    private final Object lock = new Object();
    private final Set<Cursor> open = ConcurrentHashMap.newKeySet();
    private volatile Duration statementTimeout;
    private Held transaction;
    private boolean closed;

    SqliteConnection(Pool pool, String version, int defaultRowsPerHop, Duration statementTimeout) {
        this.pool = pool;
        this.version = version;
        this.defaultRowsPerHop = defaultRowsPerHop;
        this.statementTimeout = statementTimeout;
    }

    /** A transaction of this connection: the core transaction once begun, and its end. */
    private static final class Held {
        final CompletableFuture<Transaction> begun = new CompletableFuture<>();
        final CompletableFuture<Void> end = new CompletableFuture<>();
        CompletableFuture<Void> done;
    }

    /** Ends a core transaction with a rollback; never seen by callers. */
    private static final class RollbackRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RollbackRequested() {
            super("rollback requested", null, false, false);
        }
    }

    // ---- transactions ------------------------------------------------------------------------

    @Override
    public Mono<Void> beginTransaction() {
        return begin(false);
    }

    @Override
    public Mono<Void> beginTransaction(TransactionDefinition definition) {
        if (definition == null) {
            throw new IllegalArgumentException("definition must not be null");
        }
        IsolationLevel level = definition.getAttribute(TransactionDefinition.ISOLATION_LEVEL);
        if (level != null) {
            checkIsolation(level);
        }
        return begin(Boolean.TRUE.equals(definition.getAttribute(TransactionDefinition.READ_ONLY)));
    }

    private Mono<Void> begin(boolean readOnly) {
        return Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                if (closed) {
                    return Mono.error(closedError());
                }
                if (transaction != null) {
                    // SQLite does not nest transactions; savepoints do that.
                    return Mono.fromFuture(transaction.begun, true).onErrorMap(Errors::translate).then();
                }
                held = new Held();
                transaction = held;
            }
            Function<Transaction, CompletableFuture<Void>> body = tx -> {
                held.begun.complete(tx);
                return held.end;
            };
            held.done = readOnly ? pool.read(c -> c.transaction(body)) : pool.transaction(body);
            held.done.whenComplete((v, error) -> {
                if (error != null && held.begun.completeExceptionally(error)) {
                    // BEGIN itself failed: no transaction is open.
                    synchronized (lock) {
                        if (transaction == held) {
                            transaction = null;
                        }
                    }
                }
                // A transaction that ended on its own (the transaction timeout rolled it back)
                // stays this connection's until it is committed or rolled back: its statements
                // fail until then, rather than run in auto-commit mode unnoticed.
            });
            return Mono.fromFuture(held.begun, true).onErrorMap(Errors::translate).then();
        });
    }

    @Override
    public Mono<Void> commitTransaction() {
        return end(held -> held.end.complete(null));
    }

    /**
     * Rolls back; also ends, without an error, a transaction the transaction timeout already
     * rolled back.
     */
    @Override
    public Mono<Void> rollbackTransaction() {
        return end(held -> held.end.completeExceptionally(new RollbackRequested()));
    }

    private Mono<Void> end(java.util.function.Consumer<Held> how) {
        return Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                held = transaction;
                transaction = null;
            }
            if (held == null) {
                return Mono.empty();
            }
            how.accept(held);
            CompletableFuture<Void> ended = held.done.handle((v, error) -> {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause == null || held.end.isCompletedExceptionally()) {
                    // Committed, or rolled back (by this request or before it).
                    return null;
                }
                throw new CompletionException(cause);
            });
            return Mono.fromFuture(ended, true).onErrorMap(Errors::translate);
        });
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        String quoted = savepointName(name);
        return Mono.defer(() -> {
            Mono<Void> begin = isAutoCommit() ? begin(false) : Mono.empty();
            return begin.then(inTransaction("SAVEPOINT " + quoted));
        });
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        return inTransaction("RELEASE SAVEPOINT " + savepointName(name));
    }

    @Override
    public Mono<Void> rollbackTransactionToSavepoint(String name) {
        return inTransaction("ROLLBACK TO SAVEPOINT " + savepointName(name));
    }

    private static String savepointName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a savepoint needs a name");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private Mono<Void> inTransaction(String sql) {
        return Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                held = transaction;
            }
            if (held == null) {
                return Mono.error(new IllegalStateException("no transaction is open for: " + sql));
            }
            return Mono.fromFuture(held.begun.thenCompose(tx -> tx.execute(sql)).thenAccept(Cursor::closeAsync), true)
                    .onErrorMap(Errors::translate);
        });
    }

    @Override
    public boolean isAutoCommit() {
        synchronized (lock) {
            return transaction == null;
        }
    }

    @Override
    public Mono<Void> setAutoCommit(boolean autoCommit) {
        return Mono.defer(() -> {
            boolean auto = isAutoCommit();
            if (autoCommit == auto) {
                return Mono.empty();
            }
            return autoCommit ? commitTransaction() : begin(false);
        });
    }

    /** Always {@code SERIALIZABLE}: every SQLite transaction is. */
    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return IsolationLevel.SERIALIZABLE;
    }

    /**
     * Accepts every level: SQLite runs each transaction {@code SERIALIZABLE}, which gives all that
     * a weaker level promises.
     */
    @Override
    public Mono<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        checkIsolation(isolationLevel);
        return Mono.empty();
    }

    private static void checkIsolation(IsolationLevel level) {
        if (level == null) {
            throw new IllegalArgumentException("isolationLevel must not be null");
        }
    }

    // ---- timeouts ----------------------------------------------------------------------------

    /**
     * Sets SQLite's busy timeout on the connection that waits for locks: the transaction's
     * connection inside a transaction, otherwise the pool's writer, shared by every connection
     * of the factory.
     */
    @Override
    public Mono<Void> setLockWaitTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be null or negative: " + timeout);
        }
        String sql = "PRAGMA busy_timeout = " + Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                if (closed) {
                    return Mono.error(closedError());
                }
                held = transaction;
            }
            CompletableFuture<Cursor> ran = held != null ? held.begun.thenCompose(tx -> tx.execute(sql))
                    : pool.write(c -> c.execute(sql));
            return Mono.fromFuture(ran.thenAccept(Cursor::closeAsync), true).onErrorMap(Errors::translate);
        });
    }

    /**
     * Bounds each statement's run to its first row: past the timeout the statement is
     * interrupted on its worker and fails with {@link R2dbcTimeoutException}. Zero removes the
     * bound.
     */
    @Override
    public Mono<Void> setStatementTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be null or negative: " + timeout);
        }
        return Mono.fromRunnable(() -> statementTimeout = timeout.isZero() ? null : timeout);
    }

    // ---- statements --------------------------------------------------------------------------

    @Override
    public Batch createBatch() {
        return new SqliteBatch(this);
    }

    @Override
    public Statement createStatement(String sql) {
        if (sql == null) {
            throw new IllegalArgumentException("sql must not be null");
        }
        return new SqliteStatement(this, ParsedSql.parse(sql));
    }

    /**
     * Runs one statement: on the transaction when one is open, otherwise a query on a reader and
     * anything else on the writer. Only the first row is stepped to before rows are requested,
     * unless the statement set a fetch size, which is then also the rows read with the statement.
     *
     * @param sql one statement
     * @param readOnly whether it is a query the readers can run
     * @param dml whether its result ends with an update count
     * @param values the bound values, blobs and clobs not yet read
     * @param rowsPerHop rows per read, 0 for the default
     */
    Mono<Result> run(String sql, boolean readOnly, boolean dml, Object[] values, int rowsPerHop) {
        int perHop = rowsPerHop > 0 ? rowsPerHop : defaultRowsPerHop;
        return Codecs.resolve(values).flatMap(resolved -> Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                if (closed) {
                    return Mono.error(closedError());
                }
                held = transaction;
            }
            Execution execution = new Execution(sql, resolved, rowsPerHop);
            CompletableFuture<Cursor> started;
            if (held != null) {
                started = held.begun.thenCompose(Transaction::cursor).thenCompose(execution::start);
            } else if (readOnly) {
                started = pool.read(c -> c.cursor().thenCompose(execution::start));
            } else {
                started = pool.write(c -> c.cursor().thenCompose(execution::start));
            }
            Duration timeout = statementTimeout;
            if (timeout != null) {
                CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                    if (!started.isDone()) {
                        execution.cancel(true);
                    }
                });
            }
            return Mono.fromFuture(started, true)
                    .doOnCancel(() -> {
                        execution.cancel(false);
                        if (!execution.delivered) {
                            // It may have run, but no one will read it: release its statement.
                            started.thenAccept(Cursor::closeAsync);
                        }
                    })
                    .onErrorMap(error -> execution.timedOut
                            ? new R2dbcTimeoutException("the statement ran past its timeout of " + timeout + " and was interrupted",
                                    "SQLITE_INTERRUPT", 9, sql, error)
                            : Errors.translate(error))
                    .map(cursor -> {
                        execution.delivered = true;
                        open.add(cursor);
                        return SqliteResult.of(cursor, dml, perHop, () -> open.remove(cursor));
                    });
        }));
    }

    /** One statement's run on a cursor, which a cancellation or the timeout interrupts. */
    private static final class Execution {
        private final String sql;
        private final Object[] values;
        private final int prefetch;
        private CompletableFuture<Cursor> running;
        private boolean cancelled;
        volatile boolean timedOut;
        // Set when its result goes to the subscriber, who then owns the cursor.
        volatile boolean delivered;

        Execution(String sql, Object[] values, int prefetch) {
            this.sql = sql;
            this.values = values;
            this.prefetch = prefetch;
        }

        CompletableFuture<Cursor> start(Cursor cursor) {
            CompletableFuture<Cursor> f;
            synchronized (this) {
                if (cancelled) {
                    return CompletableFuture.failedFuture(new CancellationException("the statement was cancelled before it ran"));
                }
                cursor.setPrefetch(prefetch);
                f = cursor.execute(sql, values);
                running = f;
            }
            return f;
        }

        void cancel(boolean timeout) {
            CompletableFuture<Cursor> f;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                timedOut = timeout;
                f = running;
            }
            if (f != null) {
                // Cancelling the worker's future interrupts the statement if it is running.
                f.cancel(true);
            }
        }
    }

    // ---- life cycle --------------------------------------------------------------------------

    @Override
    public Mono<Boolean> validate(ValidationDepth depth) {
        if (depth == null) {
            throw new IllegalArgumentException("depth must not be null");
        }
        return Mono.defer(() -> {
            Held held;
            synchronized (lock) {
                if (closed || pool.isClosed()) {
                    return Mono.just(false);
                }
                held = transaction;
            }
            if (depth == ValidationDepth.LOCAL) {
                return Mono.just(true);
            }
            CompletableFuture<Boolean> probe = (held != null ? held.begun.thenCompose(tx -> tx.executeFetchAll("SELECT 1"))
                    : pool.executeFetchAll("SELECT 1")).thenApply(rows -> rows.size() == 1);
            return Mono.fromFuture(probe, true).onErrorReturn(false);
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            boolean rollback;
            synchronized (lock) {
                if (closed) {
                    return Mono.empty();
                }
                rollback = transaction != null;
            }
            Mono<Void> ending = rollback ? rollbackTransaction().onErrorResume(e -> Mono.empty()) : Mono.empty();
            return ending.then(Mono.fromRunnable(() -> {
                synchronized (lock) {
                    closed = true;
                }
                for (Cursor cursor : open) {
                    cursor.closeAsync();
                }
                open.clear();
            }));
        });
    }

    private static R2dbcNonTransientResourceException closedError() {
        return new R2dbcNonTransientResourceException("the connection is closed");
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return new ConnectionMetadata() {
            @Override
            public String getDatabaseProductName() {
                return "SQLite";
            }

            @Override
            public String getDatabaseVersion() {
                return version;
            }
        };
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "SqliteConnection{" + (closed ? "closed" : transaction != null ? "in transaction" : "auto-commit") + "}";
        }
    }
}
