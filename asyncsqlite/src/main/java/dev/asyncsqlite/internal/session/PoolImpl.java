package dev.asyncsqlite.internal.session;

import dev.asyncsqlite.BusyException;
import dev.asyncsqlite.Change;
import dev.asyncsqlite.ConnectOptions;
import dev.asyncsqlite.Connection;
import dev.asyncsqlite.Cursor;
import dev.asyncsqlite.IsolationLevel;
import dev.asyncsqlite.Pool;
import dev.asyncsqlite.PoolOptions;
import dev.asyncsqlite.PoolStats;
import dev.asyncsqlite.Row;
import dev.asyncsqlite.RowMapper;
import dev.asyncsqlite.SqliteException;
import dev.asyncsqlite.SyncWork;
import dev.asyncsqlite.Transaction;
import dev.asyncsqlite.internal.engine.SqliteErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The pool: one writer, readers handed out one piece of work at a time, and a FIFO of reads
 * waiting for a reader.
 *
 * <p>Threading: {@code waiting}, the readers' {@code busy} flags and {@code closed} are guarded by
 * {@code lock}; the counters are atomic; a reader's connection is replaced under the lock.
 */
public final class PoolImpl implements Pool {
    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    private final PoolOptions options;
    private final ConnectOptions readerOptions;
    private final ConnectionImpl writer;
    private final Reader[] readers;
    private final Object lock = new Object();
    private final ArrayDeque<Waiter<?>> waiting = new ArrayDeque<>();
    private final List<Function<Connection, ? extends CompletionStage<?>>> setups = new CopyOnWriteArrayList<>();
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong totalWaitNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private boolean closed;
    // Guarded by lock: whether a sweep of the reads that waited too long is scheduled.
    private boolean sweepScheduled;
    private CompletableFuture<Void> closing;
    // Made on first use; guarded by lock.
    private LiveSource live;

    /** A reader connection and whether pool work holds it. */
    private static final class Reader {
        volatile ConnectionImpl connection;
        boolean busy;
        boolean replacing;

        Reader(ConnectionImpl connection) {
            this.connection = connection;
        }
    }

    /** A read waiting for a reader. */
    private static final class Waiter<T> {
        final Function<ConnectionImpl, CompletableFuture<T>> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final long since = System.nanoTime();

        Waiter(Function<ConnectionImpl, CompletableFuture<T>> work) {
            this.work = work;
        }
    }

    private PoolImpl(PoolOptions options, ConnectOptions readerOptions, ConnectionImpl writer, List<ConnectionImpl> readers) {
        this.options = options;
        this.readerOptions = readerOptions;
        this.writer = writer;
        this.readers = new Reader[readers.size()];
        for (int i = 0; i < readers.size(); i++) {
            this.readers[i] = new Reader(readers.get(i));
        }
    }

    /**
     * Opens the writer, then the readers.
     *
     * @param options how to open
     * @return a future of the pool
     */
    public static CompletableFuture<Pool> open(PoolOptions options) {
        ConnectOptions base = options.connectOptions();
        boolean memory = base.database().equals(":memory:") || base.database().contains("mode=memory");
        ConnectOptions.Builder writerOptions = memory ? base.toBuilder().isolationLevel(IsolationLevel.AUTOCOMMIT)
                : walFirst(base);
        ConnectOptions readerOptions = base.toBuilder().isolationLevel(IsolationLevel.AUTOCOMMIT)
                .pragma("query_only", "ON").build();
        return Connections.open(writerOptions.build()).thenCompose(w -> {
            ConnectionImpl writer = (ConnectionImpl) w;
            if (memory) {
                return CompletableFuture.completedFuture(new PoolImpl(options, readerOptions, writer, List.of()));
            }
            List<CompletableFuture<Connection>> opening = new ArrayList<>();
            for (int i = 0; i < options.readers(); i++) {
                opening.add(Connections.open(readerOptions));
            }
            return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0])).handle((ignored, error) -> {
                if (error == null) {
                    List<ConnectionImpl> opened = new ArrayList<>();
                    opening.forEach(f -> opened.add((ConnectionImpl) f.join()));
                    return (Pool) new PoolImpl(options, readerOptions, writer, opened);
                }
                writer.closeAsync();
                opening.forEach(f -> f.thenAccept(Connection::closeAsync));
                throw new CompletionException(unwrap(error));
            });
        });
    }

    // WAL has to be set before the user's pragmas, which may depend on it (synchronous=NORMAL).
    private static ConnectOptions.Builder walFirst(ConnectOptions base) {
        ConnectOptions.Builder writer = base.toBuilder().isolationLevel(IsolationLevel.AUTOCOMMIT);
        writer.clearPragmas().pragma("journal_mode", "WAL");
        for (Map.Entry<String, String> pragma : base.pragmas().entrySet()) {
            if (!pragma.getKey().equalsIgnoreCase("journal_mode")) {
                writer.pragma(pragma.getKey(), pragma.getValue());
            }
        }
        return writer;
    }

    private boolean onReaders(String sql) {
        return readers.length > 0 && writer.session.parse(sql).isReadOnlyQuery();
    }

    private RuntimeException closedError() {
        return SqliteErrors.closed("pool");
    }

    // ---- routing -----------------------------------------------------------------------------

    private <T> CompletableFuture<T> route(String sql, Function<ConnectionImpl, CompletableFuture<T>> work) {
        Objects.requireNonNull(sql, "sql must not be null");
        boolean read;
        try {
            read = onReaders(sql);
        } catch (SqliteException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read ? onReader(work) : onWriter(work);
    }

    private <T> CompletableFuture<T> onWriter(Function<ConnectionImpl, CompletableFuture<T>> work) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
        }
        if (writesInFlight.incrementAndGet() > options.maxQueuedWrites()) {
            writesInFlight.decrementAndGet();
            rejected.incrementAndGet();
            return CompletableFuture.failedFuture(new BusyException("the pool's write queue is full (maxQueuedWrites = "
                    + options.maxQueuedWrites() + ")", SqliteException.SQLITE_BUSY, null, null));
        }
        writes.incrementAndGet();
        CompletableFuture<T> f = start(work, writer);
        f.whenComplete((v, e) -> writesInFlight.decrementAndGet());
        return f;
    }

    private static <T> CompletableFuture<T> start(Function<ConnectionImpl, CompletableFuture<T>> work, ConnectionImpl c) {
        try {
            return Objects.requireNonNull(work.apply(c), "pool work returned null");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> onReader(Function<ConnectionImpl, CompletableFuture<T>> work) {
        Reader reader;
        Waiter<T> waiter = null;
        boolean sweep = false;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            reader = idleReader();
            if (reader == null) {
                if (waiting.size() >= options.maxQueuedReads()) {
                    rejected.incrementAndGet();
                    return CompletableFuture.failedFuture(new BusyException("the pool's read queue is full (maxQueuedReads = "
                            + options.maxQueuedReads() + ")", SqliteException.SQLITE_BUSY, null, null));
                }
                waiter = new Waiter<>(work);
                waiting.add(waiter);
                sweep = !sweepScheduled;
                sweepScheduled = true;
            }
        }
        if (reader != null) {
            return runOn(reader, work);
        }
        if (sweep) {
            sweepAfter(options.acquireTimeout().toNanos());
        }
        return waiter.result;
    }

    private void sweepAfter(long nanos) {
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(this::sweep);
    }

    // Fails the reads that waited acquireTimeout for a reader. Every read waits the same time, so
    // the queue is in deadline order, and one timer for its head serves them all (a timer per
    // read would cost a scheduled task and its cancellation on every read that waits).
    private void sweep() {
        long timeout = options.acquireTimeout().toNanos();
        List<Waiter<?>> expired = new ArrayList<>();
        long next = -1;
        synchronized (lock) {
            long now = System.nanoTime();
            for (Waiter<?> w; (w = waiting.peek()) != null; ) {
                if (!w.result.isDone() && now - w.since < timeout) {
                    next = w.since + timeout - now;
                    break;
                }
                waiting.poll();
                if (!w.result.isDone()) {
                    expired.add(w);
                }
            }
            sweepScheduled = next >= 0;
        }
        for (Waiter<?> w : expired) {
            timedOut.incrementAndGet();
            w.result.completeExceptionally(new BusyException("no reader became free within " + options.acquireTimeout()
                    + " (" + readers.length + " readers, all busy)", SqliteException.SQLITE_BUSY, null, null));
        }
        if (next >= 0) {
            sweepAfter(next);
        }
    }

    // Under lock: a reader that is open, not busy and not being replaced, marked busy.
    private Reader idleReader() {
        for (Reader r : readers) {
            if (!r.busy && !r.replacing) {
                r.busy = true;
                return r;
            }
        }
        return null;
    }

    private <T> CompletableFuture<T> runOn(Reader reader, Function<ConnectionImpl, CompletableFuture<T>> work) {
        reads.incrementAndGet();
        CompletableFuture<T> f = start(work, reader.connection);
        f.whenComplete((v, e) -> release(reader));
        return f;
    }

    private void release(Reader reader) {
        Waiter<?> next = null;
        boolean replace = false;
        synchronized (lock) {
            if (reader.connection.isClosed() && !closed) {
                reader.replacing = true;
                reader.busy = false;
                replace = true;
            } else {
                while ((next = waiting.poll()) != null && next.result.isDone()) {
                    // a waiter that timed out or was cancelled
                }
                if (next == null) {
                    reader.busy = false;
                }
            }
        }
        if (replace) {
            replace(reader);
        } else if (next != null) {
            hand(reader, next);
        }
    }

    private <T> void hand(Reader reader, Waiter<T> waiter) {
        long waited = System.nanoTime() - waiter.since;
        totalWaitNanos.addAndGet(waited);
        maxWaitNanos.accumulateAndGet(waited, Math::max);
        runOn(reader, waiter.work).whenComplete((value, error) -> {
            if (error == null) {
                waiter.result.complete(value);
            } else {
                waiter.result.completeExceptionally(unwrap(error));
            }
        });
    }

    // A reader whose connection closed under it (it died, or user code closed it) is reopened,
    // with every set-up step, and then serves the queue again.
    private void replace(Reader reader) {
        LOG.log(System.Logger.Level.WARNING, "a reader connection of the pool closed; opening a new one");
        Connections.open(readerOptions).thenCompose(c -> applySetups((ConnectionImpl) c).thenApply(x -> (ConnectionImpl) c))
                .whenComplete((connection, error) -> {
                    if (error != null) {
                        LOG.log(System.Logger.Level.ERROR, "cannot reopen a reader connection of the pool", error);
                        synchronized (lock) {
                            reader.replacing = false;
                            reader.busy = false;
                        }
                        return;
                    }
                    boolean keep;
                    synchronized (lock) {
                        keep = !closed;
                        if (keep) {
                            reader.connection = connection;
                            reader.replacing = false;
                            reader.busy = true;
                        }
                    }
                    if (keep) {
                        replaced.incrementAndGet();
                        release(reader);
                    } else {
                        connection.closeAsync();
                    }
                });
    }

    private CompletableFuture<Void> applySetups(ConnectionImpl connection) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Function<Connection, ? extends CompletionStage<?>> setup : setups) {
            chain = chain.thenCompose(x -> setup.apply(connection).thenApply(y -> null));
        }
        return chain;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    // ---- SqlOperations -----------------------------------------------------------------------

    @Override
    public CompletableFuture<Cursor> execute(String sql, Object... params) {
        return route(sql, c -> c.execute(sql, params));
    }

    @Override
    public CompletableFuture<Cursor> execute(String sql, Map<String, ?> params) {
        return route(sql, c -> c.execute(sql, params));
    }

    @Override
    public CompletableFuture<Cursor> executeMany(String sql, Iterable<?> paramSets) {
        return onWriter(c -> c.executeMany(sql, paramSets));
    }

    @Override
    public CompletableFuture<List<Row>> executeFetchAll(String sql, Object... params) {
        return route(sql, c -> c.executeFetchAll(sql, params));
    }

    @Override
    public CompletableFuture<Long> executeInsert(String sql, Object... params) {
        return onWriter(c -> c.executeInsert(sql, params));
    }

    @Override
    public <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params) {
        return route(sql, c -> c.query(sql, mapper, params));
    }

    @Override
    public <T> CompletableFuture<T> call(SyncWork<T> work) {
        return onWriter(c -> c.call(work));
    }

    @Override
    public <T> CompletableFuture<T> transaction(Function<Transaction, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body must not be null");
        return onWriter(c -> TransactionImpl.run(c, body, IsolationLevel.IMMEDIATE));
    }

    @Override
    public <T> CompletableFuture<T> read(Function<Connection, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work must not be null");
        Function<ConnectionImpl, CompletableFuture<T>> pinned = c -> work.apply(c).toCompletableFuture();
        return readers.length > 0 ? onReader(pinned) : onWriter(pinned);
    }

    @Override
    public <T> CompletableFuture<T> write(Function<Connection, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work must not be null");
        return onWriter(c -> work.apply(c).toCompletableFuture());
    }

    @Override
    public CompletableFuture<Void> forEachConnection(Function<Connection, ? extends CompletionStage<?>> setup) {
        Objects.requireNonNull(setup, "setup must not be null");
        setups.add(setup);
        List<CompletableFuture<?>> all = new ArrayList<>();
        try {
            all.add(setup.apply(writer).toCompletableFuture());
            for (Reader r : readers) {
                all.add(setup.apply(r.connection).toCompletableFuture());
            }
        } catch (RuntimeException e) {
            // Refused at the call (a bad argument): kept, it would fail every connection opened later.
            setups.remove(setup);
            throw e;
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public Flow.Publisher<List<Row>> watch(String sql, Object... params) {
        return live().watch(sql, params);
    }

    @Override
    public <T> Flow.Publisher<List<T>> watch(String sql, RowMapper<T> mapper, Object... params) {
        return live().watch(sql, mapper, params);
    }

    @Override
    public Flow.Publisher<Change> changes() {
        return live().changes();
    }

    // Watches run on the readers as other reads do; data_version is read on the writer, which
    // sees every commit but its own, and the pool's commits all are its own.
    private LiveSource live() {
        synchronized (lock) {
            if (live == null) {
                ChangeHub hub = writer.session.tracker().hub();
                ConnectOptions base = options.connectOptions();
                LiveSource.Runner onWriter = new LiveSource.OnWorker(writer.worker, writer.session, writer.options());
                live = new LiveSource(writer.session, hub, readers.length > 0 ? new OnReaders() : onWriter, readers.length == 0,
                        hub.shared() ? onWriter : null, base.watchPollInterval(), base.completionExecutor(),
                        () -> isClosed() ? closedError() : null);
                writer.session.tracker().whenClosed(live::close);
            }
            return live;
        }
    }

    /** Runs a watch's query on a free reader, as a read of the pool. */
    private final class OnReaders implements LiveSource.Runner {
        @Override
        public <T> CompletableFuture<T> run(LiveSource.SessionWork<T> work) {
            return onReader(c -> c.dispatch(() -> work.run(c.session)));
        }
    }

    @Override
    public PoolStats stats() {
        int busy = 0;
        int queued;
        synchronized (lock) {
            for (Reader r : readers) {
                if (r.busy) {
                    busy++;
                }
            }
            queued = waiting.size();
        }
        return new PoolStats(readers.length, busy, queued, writesInFlight.get(), reads.get(), writes.get(), rejected.get(),
                timedOut.get(), replaced.get(), Duration.ofNanos(totalWaitNanos.get()), Duration.ofNanos(maxWaitNanos.get()));
    }

    @Override
    public PoolOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        List<Waiter<?>> abandoned;
        synchronized (lock) {
            if (closing != null) {
                return closing.copy();
            }
            closed = true;
            abandoned = new ArrayList<>(waiting);
            waiting.clear();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            all.add(writer.closeAsync());
            for (Reader r : readers) {
                all.add(r.connection.closeAsync());
            }
            closing = CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
        }
        for (Waiter<?> w : abandoned) {
            w.result.completeExceptionally(SqliteErrors.closed("pool (the read was still waiting for a reader)"));
        }
        return closing.copy();
    }

    @Override
    public void close() {
        Duration timeout = options.connectOptions().closeTimeout();
        try {
            closeAsync().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqliteErrors.create(SqliteException.SQLITE_INTERRUPT, "interrupted while closing the pool", null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SqliteException ? (SqliteException) cause
                    : SqliteErrors.create(SqliteException.SQLITE_ERROR, "closing the pool failed: " + cause, null, cause);
        } catch (TimeoutException e) {
            throw SqliteErrors.create(SqliteException.SQLITE_BUSY, "the pool did not close within " + timeout, null, e);
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public String toString() {
        return "Pool[" + options.connectOptions().database() + ", " + stats() + ']';
    }
}
